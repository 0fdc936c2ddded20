/**
 * `npm run bench:payouts`: how many approved pay-outs per second the dispatcher signs and sends to the sandbox
 * gateway, through the real path (pg-boss jobs, transitionOrder twice per pay-out, RSA-SHA256 signing, HTTP).
 *   BENCH_N (5000), BENCH_BATCH (jobs per fetch, 25), BENCH_WORKERS (fetch loops, 4), BENCH_DB_POOL (24).
 * Database: a fresh `smilepayz_bench_*` database on DATABASE_URL's server (dropped at the end), else an embedded
 * PostgreSQL under .test-data/bench. The gateway's fates are an hour away, so no settlement or callback runs.
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { getQueue, QUEUES } from "@/lib/jobs/queue";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { registerPayoutWorkers } from "@/lib/gateway-work/workers";
import { sealApproval } from "@/lib/payouts/approval-seal";
import { contentHash } from "@/lib/payouts/content-hash";
import { benchWithSandbox } from "./bench-setup";

const num = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const N = num("BENCH_N", 5000);
const BATCH = num("BENCH_BATCH", 25);
const WORKERS = num("BENCH_WORKERS", 4);
const POOL = num("BENCH_DB_POOL", 24);
const log = (m: string) => console.log(`[bench:payouts] ${m}`);

async function main() {
  const bench = await benchWithSandbox({ pool: POOL, env: { GATEWAY_TIMEOUT_MS: "15000" } });
  const { db, url, merchantId } = bench;
  const m = bench.credential;

  // N approved pay-outs (creation is not what is measured): one INSERT … SELECT, then their jobs in bulk. The
  // dispatcher recomputes each row's content hash and approval seal and cancels a mismatch, so the rows carry real ones.
  const content = { credentialId: m.id, merchantId, region: "TH", currency: "THB", amountMinor: 150000n, method: "KBANK", account: "1234567890", receiverName: null, taxNumber: null, network: null };
  const hash = contentHash(content);
  const orderNos = Array.from({ length: N }, (_, i) => `BENCH${String(i + 1).padStart(10, "0")}`);
  const seals = orderNos.map((orderNo) => sealApproval({ content, purpose: "Bench", orderNo, runId: null }));
  const ids = await db.execute<{ id: number }>(sql`
    insert into payouts (merchant_id, region, order_no, amount_minor, currency, payment_method, cash_account, beneficiary_key, purpose, status, content_hash, approval_seal)
    select ${m.id}, 'TH', o, 150000, 'THB', 'KBANK', '1234567890', 'KBANK:1234567890', 'Bench', 'APPROVED', ${hash}, s
      from unnest(${`{${orderNos.join(",")}}`}::text[], ${`{${seals.join(",")}}`}::text[]) as u(o, s)
    returning id`);
  const boss = await getQueue();
  for (const [name, options] of Object.entries(QUEUES)) await boss.createQueue(name, options);
  for (let i = 0; i < ids.length; i += 1000) {
    await boss.insert(PAYOUT_DISPATCH, ids.slice(i, i + 1000).map((r) => ({ data: { payoutId: Number(r.id) } })));
  }
  log(`${N} approved pay-outs and their jobs stored; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load ${os.loadavg()[0]?.toFixed(1)}`);

  const durations: number[] = [];
  let failures = 0;
  const t0 = performance.now();
  await registerPayoutWorkers(boss, () => db, {
    batchSize: BATCH,
    localConcurrency: WORKERS,
    pollingIntervalSeconds: 0.5,
    onDispatched: (ms, r) => {
      durations.push(ms);
      if ((r as { status?: string }).status !== "PROCESSING") failures++;
    },
  });
  const counter = postgres(url, { max: 1, onnotice: () => undefined });
  let last = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const [row] = await counter<{ n: number }[]>`select count(*)::int as n from payouts where status not in ('APPROVED', 'SENDING')`;
    const done = row?.n ?? 0;
    if (done !== last && done % 1000 < last % 1000) log(`${done} dispatched…`);
    last = done;
    if (done >= N) break;
  }
  const secs = (performance.now() - t0) / 1000;
  const [byStatus] = await counter<{ s: string }[]>`select string_agg(status || '=' || n, ', ') as s from (select status, count(*) n from payouts group by status) x`;
  durations.sort((a, b) => a - b);
  const pct = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]?.toFixed(1);
  log(`dispatched ${N} pay-outs in ${secs.toFixed(2)} s = ${(N / secs).toFixed(0)} pay-outs/s (signed RSA-SHA256, sent to the sandbox gateway over HTTP)`);
  log(`per dispatch: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${durations.at(-1)?.toFixed(1)} ms; batch ${BATCH} x ${WORKERS} workers, db pool ${POOL}`);
  log(`statuses: ${byStatus?.s}; not PROCESSING: ${failures}; cores: ${os.cpus().length}`);
  if (failures > 0) {
    const sample = await counter<{ s: string }[]>`select coalesce(gateway_code, '-') || ' ' || coalesce(gateway_message, '') || ' / ' || coalesce(note, '') as s from order_events where payout_id is not null and to_status not in ('SENDING', 'PROCESSING') group by 1 order by count(*) desc limit 3`;
    log(`why not PROCESSING: ${sample.map((r) => r.s).join(" | ")}`);
  }

  await counter.end();
  await bench.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
