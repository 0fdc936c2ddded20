/**
 * `npm run bench:sweep`: what asking the gateway about open orders costs the database, apart from the asks
 * themselves. While a payroll's pay-outs wait for the bank, reconciliation claims each open one once a cycle
 * (lib/gateway-work/claim-due.ts claimDue: next_check_at, last_inquiry_at) and records the answer (inquire-order.ts:
 * inquiry_count, last_inquiry_at, next_check_at). A bench database of BENCH_ORDERS seeded orders (60 % pay-outs, a
 * sixth of those open), BENCH_ROUNDS cycles: every open pay-out claimed by the app's own claimDue (500 at a time, as the
 * sweep does), then each claimed one's answer recorded (due again at once, so the next cycle claims it again). Prints
 * the asks per second (claim and answer, one connection: the database's time; the answers go 500 to a statement, where
 * the app writes each in its own transaction with its next inquiry job, so this is the rows' cost, not a whole
 * ask's), the database's CPU per ask when it
 * runs on this machine, how many of the updates PostgreSQL made in place (heap-only: no index touched), and how much
 * the table's indexes grew.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { claimDue, OPEN } from "@/lib/gateway-work/claim-due";
import { benchWithSandbox } from "./bench-setup";
import { benchLine, envNumber as num } from "./lib/bench-figures";
import { seedOrders } from "./lookup/seed-orders-sql";
import { databaseCpuMs } from "./proc-cpu";
import { runMain } from "./lib/run-main";

const ORDERS = num("BENCH_ORDERS", 100_000);
const ROUNDS = num("BENCH_ROUNDS", 10);
const log = (m: string) => console.log(`[bench:sweep] ${m}`);

async function main() {
  const bench = await benchWithSandbox({ pool: 2 });
  const raw = postgres(bench.url, { max: 1, onnotice: () => undefined });
  try {
    const dbName = new URL(bench.url).pathname.slice(1);
    await seedOrders(raw, ORDERS, () => undefined);
    // Seeded open orders are parked (next_check_at infinity): all due now, then a clean slate for the counters.
    const [{ open } = { open: 0 }] = await bench.db.execute<{ open: number }>(sql`
      with u as (update payouts set next_check_at = now() - interval '1 second' where status in ${OPEN.payout} and flagged_at is null returning 1)
      select count(*)::int as open from u`);
    await raw`vacuum analyze payouts`;
    await raw`select pg_stat_reset_single_table_counters('payouts'::regclass)`;
    const [before] = await raw<{ idx: string }[]>`select pg_indexes_size('payouts')::text as idx`;
    log(`${ORDERS} orders seeded, ${open} open pay-outs; ${ROUNDS} cycles of claim and answer`);

    let asks = 0;
    const cpu0 = databaseCpuMs(dbName);
    const t0 = performance.now();
    for (let r = 0; r < ROUNDS; r++) {
      // The cycle's claims first (claimed: not due for a cycle), then their answers (due again: the next cycle).
      const claimed: number[] = [];
      for (let batch = await claimDue(bench.db, "payout", 500); batch.length > 0; batch = await claimDue(bench.db, "payout", 500)) {
        claimed.push(...batch.map((c) => c.id));
      }
      asks += claimed.length;
      for (let i = 0; i < claimed.length; i += 500) {
        // Each answer as inquire-order.ts records a "still processing" one (here due again at once).
        const ids = `{${claimed.slice(i, i + 500).join(",")}}`;
        await bench.db.execute(sql`
          update payouts set inquiry_count = inquiry_count + 1, last_inquiry_at = now(), next_check_at = now() - interval '1 second'
           where id = any(${ids}::bigint[])`);
      }
    }
    const secs = (performance.now() - t0) / 1000;
    const cpu = databaseCpuMs(dbName) - cpu0;
    await new Promise((r) => setTimeout(r, 11_000)); // a backend's statistics reach the view once it has been idle 10 s
    const [st] = await raw<{ upd: number; hot: number; idx: string }[]>`
      select n_tup_upd::int as upd, n_tup_hot_upd::int as hot, pg_indexes_size('payouts')::text as idx from pg_stat_user_tables where relname = 'payouts'`;
    const growthMb = (Number(st?.idx ?? 0) - Number(before?.idx ?? 0)) / 1024 / 1024;
    const hotShare = st && st.upd > 0 ? (100 * st.hot) / st.upd : 0;
    log(
      `${asks} asks in ${secs.toFixed(2)} s = ${(asks / secs).toFixed(0)} asks/s; database CPU ${cpu > 0 ? ((1000 * cpu) / asks).toFixed(0) : "n/a"} µs per ask; ` +
        `${st?.hot ?? 0} of ${st?.upd ?? 0} updates in place (${hotShare.toFixed(0)} %); indexes ${(Number(before?.idx ?? 0) / 1024 / 1024).toFixed(0)} MB, grew ${growthMb.toFixed(1)} MB`,
    );
    benchLine({ figure: "sweep: asks about open pay-outs recorded (claim and answer)", value: asks / secs, unit: "asks/s", floor: null, floorName: null, goal: null, ok: null });
    if (cpu > 0) benchLine({ figure: "sweep: database CPU per ask", value: (1000 * cpu) / asks, unit: "µs", floor: null, floorName: null, goal: null, ok: null });
    benchLine({ figure: "sweep: order updates made in place (no index written)", value: hotShare, unit: "%", floor: null, floorName: null, goal: null, ok: null });
    benchLine({ figure: `sweep: index growth over ${asks} asks`, value: growthMb, unit: "MB", floor: null, floorName: null, goal: null, ok: null });
  } finally {
    await raw.end({ timeout: 5 });
    await bench.close();
  }
}

runMain(main);
