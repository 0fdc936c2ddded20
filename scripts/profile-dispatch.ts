/**
 * `node --conditions=react-server --import tsx scripts/profile-dispatch.ts`: where a dispatch batch's time goes.
 * PROFILE_BATCHES batches of PROFILE_BATCH pay-outs (default 20 x 50) are dispatched one after another with
 * dispatchPayouts to the bench's minimal responder, straight (no pg-boss), through a relay that counts the database
 * statements; each batch's time is split at the dispatch hooks: read + SENDING commit | sign + HTTP | answers commit.
 * Then pg-boss's own share: fetch and complete of the same number of jobs, with no work in between.
 */
import { sql } from "drizzle-orm";
import { createDb } from "@/db";
import { resetEnvCache } from "@/lib/env";
import { dispatchPayouts } from "@/lib/gateway-work/dispatch-payouts";
import { getQueue, QUEUES } from "@/lib/jobs/queue";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { sealApproval } from "@/lib/payouts/approval-seal";
import { contentHash } from "@/lib/payouts/content-hash";
import { benchWithSandbox, pemPair, storeBenchCredential } from "./bench-setup";
import { minimalResponder } from "./lib/minimal-responder";
import { startStatementCounter } from "./pg-statement-counter";
import { runMain } from "./lib/run-main";

const BATCH = Number(process.env.PROFILE_BATCH ?? 50);
const BATCHES = Number(process.env.PROFILE_BATCHES ?? 20);

async function main() {
  const bench = await benchWithSandbox({ pool: 4 });
  const responder = await minimalResponder();
  process.env.SANDBOX_GATEWAY_URL = responder.url;
  resetEnvCache();
  const keys = pemPair();
  const m = await storeBenchCredential(bench.db, { merchantId: `${bench.merchantId}-min`, merchantSecret: "bench-secret-0123456789", privateKey: keys.privateKey, platformPublicKey: keys.publicKey, baseUrl: responder.url });
  const boss = await getQueue();
  for (const [name, options] of Object.entries(QUEUES)) await boss.createQueue(name, options);
  const n = BATCH * BATCHES;
  const c = { credentialId: m.id, merchantId: m.merchantId, region: "TH", currency: "THB", amountMinor: 150000n, method: "KBANK", account: "1234567890", receiverName: null, taxNumber: null, network: null };
  const orderNos = Array.from({ length: n }, (_, i) => `PROF${String(i + 1).padStart(10, "0")}`);
  const seals = orderNos.map((orderNo) => sealApproval({ content: c, purpose: "Bench", orderNo, runId: null }));
  const rows = await bench.db.execute<{ id: number }>(sql`
    insert into payouts (merchant_id, region, order_no, amount_minor, currency, payment_method, cash_account, beneficiary_key, purpose, status, content_hash, approval_seal)
    select ${m.id}, 'TH', o, 150000, 'THB', 'KBANK', '1234567890', 'KBANK:1234567890', 'Bench', 'APPROVED', ${contentHash(c)}, s
      from unnest(${`{${orderNos.join(",")}}`}::text[], ${`{${seals.join(",")}}`}::text[]) as u(o, s)
    returning id`);
  const ids = rows.map((r) => Number(r.id));
  const u = new URL(bench.url);
  const counter = await startStatementCounter({ host: u.hostname || "127.0.0.1", port: Number(u.port || 5432) }, "smilepayz-backoffice");
  u.hostname = "127.0.0.1";
  u.port = String(counter.port);
  const counted = createDb(u.toString(), 4);
  const phase = { db: 0, http: 0, answers: 0 };
  const t0 = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    let mark = performance.now();
    const lap = (k: keyof typeof phase) => {
      const now = performance.now();
      phase[k] += now - mark;
      mark = now;
    };
    await dispatchPayouts(counted.db, ids.slice(b * BATCH, (b + 1) * BATCH), { beforeCall: () => lap("db"), afterCall: () => lap("http"), afterCommit: () => lap("answers") });
  }
  const total = performance.now() - t0;
  const snap = counter.snapshot();
  const per = (v: number) => (v / BATCHES).toFixed(1);
  console.log(`[profile] ${BATCHES} batches of ${BATCH}, one at a time: ${(n / (total / 1000)).toFixed(0)} pay-outs/s; per batch ${per(total)} ms =`);
  console.log(`[profile]   read + SENDING commit ${per(phase.db)} ms | sign + HTTP ${per(phase.http)} ms | answers commit ${per(phase.answers)} ms`);
  console.log(`[profile]   ${per(snap.total)} statements per batch; most frequent:`);
  for (const [text, k] of [...snap.byText].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`[profile]     ${(k / BATCHES).toFixed(1)} x ${text}`);

  await boss.insert(PAYOUT_DISPATCH, ids.map((id) => ({ data: { payoutId: id } })));
  const q0 = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const jobs = await boss.fetch(PAYOUT_DISPATCH, { batchSize: BATCH });
    await boss.complete(PAYOUT_DISPATCH, jobs.map((j) => j.id));
  }
  console.log(`[profile] pg-boss fetch + complete of ${BATCH} jobs: ${per(performance.now() - q0)} ms per batch`);
  await counted.sql.end();
  await counter.close();
  await responder.close();
  await bench.close();
}

runMain(main);
