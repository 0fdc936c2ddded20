/**
 * `npm run bench:payouts`: how many approved pay-outs per second the dispatcher signs and sends to the sandbox
 * gateway, through the real path (pg-boss jobs, transitionOrder twice per pay-out, RSA-SHA256 signing, HTTP).
 *   BENCH_N (5000), BENCH_BATCH (jobs per fetch, 25), BENCH_WORKERS (fetch loops, 4), BENCH_DB_POOL (24).
 * Database: a fresh `smilepayz_bench_*` database on DATABASE_URL's server (dropped at the end), else an embedded
 * PostgreSQL under .test-data/bench. The gateway's fates are an hour away, so no settlement or callback runs.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDb } from "@/db";
import { startEmbeddedPostgres, type EmbeddedHandle } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { ensureDatabase } from "@/db/resolve-database";
import { merchants } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetEnvCache } from "@/lib/env";
import { getQueue, QUEUES, stopQueue } from "@/lib/jobs/queue";
import { merchantSecretAad, privateKeyAad } from "@/lib/merchants/secret-aad";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { registerPayoutWorkers } from "@/lib/gateway-work/workers";
import { startSandboxGateway } from "@/lib/sandbox-gateway";
import { sealApproval } from "@/lib/payouts/approval-seal";
import { contentHash } from "@/lib/payouts/content-hash";

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
  const serverUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedHandle | undefined;
  let server = serverUrl;
  if (!server) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(".test-data/bench") });
    server = embedded.url;
  }
  const dbName = `smilepayz_bench_${Date.now()}`;
  const url = await ensureDatabase(server, dbName);
  process.env.DATABASE_URL = url;
  process.env.APP_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  process.env.GATEWAY_TIMEOUT_MS = "15000";
  resetEnvCache();
  await migrateDatabase(url);

  const pem = () => generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const platform = pem();
  const merchant = pem();
  const controlToken = randomBytes(24).toString("hex");
  const gw = await startSandboxGateway({
    databaseUrl: url,
    port: 0,
    platformPrivateKey: platform.privateKey,
    controlToken,
    defaults: { successRate: 1, failRate: 0, minDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
  });
  // The credential points at the bundled sandbox gateway, the only http:// target the URL policy lets through.
  // (handed over the way npm start hands it to the app: scripts/start.ts)
  process.env.SANDBOX_GATEWAY_URL = gw.url;
  resetEnvCache();
  const merchantId = `bench-${randomBytes(3).toString("hex")}`;
  const merchantSecret = randomBytes(16).toString("hex");
  const reg = await fetch(`${gw.url}/sandbox/merchants/${merchantId}`, {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${controlToken}` },
    body: JSON.stringify({ merchantSecret, publicKey: merchant.publicKey }),
  });
  if (!reg.ok) throw new Error(`gateway refused the merchant: HTTP ${reg.status}`);

  const handle = createDb(url, POOL);
  const db = handle.db;
  const [m] = await db
    .insert(merchants)
    .values({
      merchantId,
      name: "Bench merchant",
      environment: "custom",
      customBaseUrl: gw.url,
      merchantSecretEnc: encryptSecret(merchantSecret, merchantSecretAad(merchantId)),
      merchantSecretLast4: merchantSecret.slice(-4),
      privateKeyEnc: encryptSecret(merchant.privateKey, privateKeyAad(merchantId)),
      platformPublicKey: platform.publicKey,
    })
    .returning();
  if (!m) throw new Error("merchant not stored");

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
  await stopQueue();
  await gw.close();
  await handle.sql.end({ timeout: 5 });
  const admin = postgres(server, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  await embedded?.stop();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
