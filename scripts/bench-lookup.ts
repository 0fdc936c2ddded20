/**
 * `npm run bench:lookup`: support's search through the app's HTTP API, beside /api/health in the same run.
 * Starts the app as `npm start` does on a fresh database on DATABASE_URL's server (build first when sources are
 * newer), loads BENCH_ORDERS orders (1,000,000) with the seed:orders SQL, signs in the demo support user and fires
 * BENCH_N GETs (300) at 1 and at 10 concurrent for each kind of search; prints req/s, p50 and p99.
 */
import os from "node:os";
import postgres from "postgres";
import { startBenchApp } from "./bench-setup";
import { ensureBuild } from "./ensure-build";
import { hammer, signIn, type Figures } from "./lookup/bench-http";
import { seedOrders } from "./lookup/seed-orders-sql";

const num = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const N = num("BENCH_N", 300);
const ORDERS = num("BENCH_ORDERS", 1_000_000);
const log = (m: string) => console.log(`[bench:lookup] ${m}`);
const q = (params: Record<string, string>) => `/api/orders?${new URLSearchParams(params).toString()}`;

async function main() {
  ensureBuild(log);
  const app = await startBenchApp({ prefix: "benchlookup" });
  const base = app.base;
  const sql = postgres(app.ownerUrl, { max: 1, onnotice: () => undefined });
  try {
    const t0 = performance.now();
    const seeded = await seedOrders(sql, ORDERS, log);
    log(`seeded ${ORDERS} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}`);
    const pick = await sql<{ trade_no: string; order_no: string; account: string; name: string }[]>`
      select trade_no, order_no, cash_account as account, receiver_name as name from payouts
      where order_no like ${`SO${seeded.tag}%`} order by random() limit 200`;
    const kinds: Array<[string, string[]]> = [
      ["exact tradeNo", pick.map((r) => q({ q: r.trade_no }))],
      ["orderNo prefix", pick.map((r) => q({ q: r.order_no.slice(0, -3) }))],
      ["last 4 digits", pick.map((r) => q({ q: r.account.slice(-4) }))],
      ["name", pick.map((r) => q({ q: r.name.split(" ")[1] ?? r.name }))],
      ["combined", pick.map((r) => q({ q: r.name, currency: "THB", from: new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10) }))],
      ["/api/health", ["/api/health"]],
    ];
    const s = await signIn(base, "support@demo.test", "support-demo-password");
    for (const [, paths] of kinds) for (const p of paths.slice(0, 20)) await (await s.fetch(p)).arrayBuffer();
    const fmt = (f: Figures) => `${f.rps.toFixed(0).padStart(5)} req/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms${f.bad ? `  ${f.bad} not 200` : ""}`;
    for (const [label, paths] of kinds) {
      const one = await hammer(s, paths, N, 1);
      const ten = await hammer(s, paths, N, 10);
      log(`${label.padEnd(15)} c=1: ${fmt(one)} | c=10: ${fmt(ten)}`);
    }
  } finally {
    await sql.end();
    await app.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
