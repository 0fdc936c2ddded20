/**
 * `npm run bench:lookup`: support's search through the app's HTTP API, beside /api/health in the same run.
 * Starts the app as `npm start` does on DATABASE_URL's server (build first when sources are newer), with BENCH_ORDERS
 * orders (1,000,000) written by the seed:orders SQL, signs in the demo support user and fires BENCH_N GETs (1000)
 * at 1 and at 10 concurrent for each kind of search, in blocks alternating with as many of /api/health at the same
 * concurrency (its floor: the machine is shared, so the two are measured side by side); prints req/s, p50, p99 and
 * CPU ms per request of the server and of its database backends, then BENCH lines.
 * The database: a fresh one, dropped after; or, with BENCH_KEEP=1, `smilepayz_benchlookup_kept`, kept after the run
 * and reused (topped up to BENCH_ORDERS) by every later run while it exists, BENCH_KEEP or not; BENCH_FRESH=1
 * ignores it. BENCH_KINDS=exact,name: only the kinds named (by their start). BENCH_PROFILE=dir: node --cpu-prof for the server process (written to dir when it stops).
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startBenchApp } from "./bench-setup";
import { ensureBuild } from "./ensure-build";
import { printBenchLine } from "./lib/bench-table";
import { hammer, hammerPaired, signIn, type Paired } from "./lookup/bench-http";
import { keptDatabase, keptDatabaseExists, keptDataDir, KEPT_NAME } from "./lookup/kept-database";
import { quietSeededOrders, seedOrders, settleSeededOrders } from "./lookup/seed-orders-sql";
import { envNumber as num } from "./lib/bench-figures";

const N = num("BENCH_N", 1000);
const ORDERS = num("BENCH_ORDERS", 1_000_000);
const PROFILE = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
const log = (m: string) => console.log(`[bench:lookup] ${m}`);
const q = (params: Record<string, string>) => `/api/orders?${new URLSearchParams(params).toString()}`;

/** The kinds of search, what each must reach: req/s against /api/health's (`share`) and p99 (`p99Ms`) at c=10. */
const GOALS: Record<string, { share?: number; p99Ms?: number }> = {
  "exact tradeNo": { share: 0.6, p99Ms: 50 },
  "orderNo prefix": { share: 0.6, p99Ms: 50 },
  "last 4 digits": { p99Ms: 150 },
  name: { p99Ms: 150 },
  combined: {},
};

async function database(serverUrl: string) {
  const reuse = process.env.BENCH_FRESH !== "1" && (process.env.BENCH_KEEP === "1" || (await keptDatabaseExists(serverUrl)));
  if (!reuse) return undefined;
  log(`using the kept database ${KEPT_NAME} (drop it, or BENCH_FRESH=1, for a fresh one)`);
  const scratch = await keptDatabase(serverUrl);
  // Before the app starts: its first sweep would otherwise claim (and keep re-asking about) what an older run left due.
  const owner = postgres(scratch.ownerUrl, { max: 1, onnotice: () => undefined });
  await quietSeededOrders(owner).catch(() => 0).finally(() => owner.end());
  return { scratch, dataDir: keptDataDir() };
}

async function seeded(sql: postgres.Sql): Promise<number> {
  const [r] = await sql<{ n: number }[]>`
    select (select count(*) from payouts where purpose = 'Seeded pay-out')::int + (select count(*) from payins where purpose = 'Seeded pay-in')::int as n`;
  return r?.n ?? 0;
}

const fmt = (f: Paired) =>
  `${f.rps.toFixed(0).padStart(5)} req/s p50 ${f.p50.toFixed(1).padStart(5)} p99 ${f.p99.toFixed(1).padStart(6)} ms` +
  ` cpu ${Object.entries(f.cpu).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(" ")} ms/req${f.bad ? ` ${f.bad} not 200` : ""}`;

/** The server's process (serve.mjs, under scripts/start.ts) and the app role's database backends, for CPU per request. */
async function watched(app: { child: { pid?: number } }, sql: postgres.Sql, appUser: string) {
  const kids = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const server = kids(app.child.pid ?? 0).filter((p) => readFileSync(`/proc/${p}/cmdline`, "utf8").includes("serve.mjs"));
  const backends = (await sql<{ pid: number }[]>`select pid from pg_stat_activity where usename = ${appUser} and datname = current_database()`).map((r) => r.pid);
  return { app: () => server, db: () => backends };
}

async function main() {
  ensureBuild(log);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("set DATABASE_URL to a local PostgreSQL server");
  const app = await startBenchApp({
    prefix: "benchlookup",
    database: await database(serverUrl),
    env: PROFILE ? { SERVE_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${PROFILE}` } : {},
  });
  const sql = postgres(app.ownerUrl, { max: 1, onnotice: () => undefined });
  const lines: Parameters<typeof printBenchLine>[0][] = [];
  try {
    const have = await seeded(sql);
    if (have < ORDERS) {
      const t0 = performance.now();
      await seedOrders(sql, ORDERS - have, log);
      log(`seeded ${ORDERS - have} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const settled = await settleSeededOrders(sql);
    if (settled) log(`${settled} open seeded orders made final (out of the reconciliation sweep's scan)`);
    const total = await seeded(sql);
    log(`${total} seeded orders; ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}`);
    const pick = await sql<{ trade_no: string; order_no: string; account: string; name: string }[]>`
      select trade_no, order_no, cash_account as account, receiver_name as name from payouts
      where purpose = 'Seeded pay-out' order by random() limit 200`;
    const kinds: Array<[string, string[]]> = [
      ["exact tradeNo", pick.map((r) => q({ q: r.trade_no }))],
      ["orderNo prefix", pick.map((r) => q({ q: r.order_no.slice(0, -3) }))],
      ["last 4 digits", pick.map((r) => q({ q: r.account.slice(-4) }))],
      ["name", pick.map((r) => q({ q: r.name.split(" ")[1] ?? r.name }))],
      ["combined", pick.map((r) => q({ q: r.name, currency: "THB", from: new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10) }))],
    ];
    const s = await signIn(app.base, "support@demo.test", "support-demo-password");
    // Warm-up at c=10, so the pool's connections (whose backends are watched) are all open.
    for (const [, paths] of [...kinds, ["", ["/api/health"]] as const]) await hammer(s, paths, 40, 10);
    // Orders a sweep reached before they were quieted would be asked about again and again, in every block.
    const quieted = await quietSeededOrders(sql);
    if (quieted) log(`${quieted} open seeded orders taken out of the reconciliation sweep`);
    const watch = await watched(app, sql, new URL(app.appUrl).username);
    const size = `${Math.round(total / 1000)}k orders`;
    const only = process.env.BENCH_KINDS?.split(",").map((k) => k.trim());
    for (const [label, paths] of kinds.filter(([label]) => !only || only.some((k) => label.startsWith(k)))) {
      const c1 = await hammerPaired(s, paths, ["/api/health"], N, 1, watch);
      const c10 = await hammerPaired(s, paths, ["/api/health"], N, 10, watch);
      log(`${label.padEnd(14)} c=1  ${fmt(c1.it)} | /api/health ${fmt(c1.floor)}`);
      log(`${label.padEnd(14)} c=10 ${fmt(c10.it)} | /api/health ${fmt(c10.floor)}`);
      if (c1.it.bad || c10.it.bad) throw new Error(`${label}: ${c1.it.bad + c10.it.bad} answers were not 200`);
      const [one, ten, health] = [c1.it, c10.it, { 1: c1.floor, 10: c10.floor }];
      const goal = GOALS[label] ?? {};
      const share = goal.share;
      lines.push({
        figure: `lookup ${label} c=10 (${size})`,
        value: ten.rps,
        unit: "req/s",
        floor: health[10].rps,
        floorName: "/api/health c=10",
        goal: share ? `>= ${share * 100}% of floor` : null,
        ok: share ? ten.rps >= share * health[10].rps : null,
      });
      const p99 = goal.p99Ms;
      lines.push({ figure: `lookup ${label} c=10 p99`, value: ten.p99, unit: "ms", floor: health[10].p99, floorName: "/api/health c=10 p99", goal: p99 ? `< ${p99} ms` : null, ok: p99 ? ten.p99 < p99 : null });
      lines.push({ figure: `lookup ${label} c=1`, value: one.rps, unit: "req/s", floor: health[1].rps, floorName: "/api/health c=1", goal: null, ok: null });
    }
  } finally {
    await sql.end();
    await app.stop();
    if (PROFILE) log(`server CPU profile in ${PROFILE}`);
  }
  for (const l of lines) printBenchLine(l);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
