/**
 * `npm run bench:bulk`: rows per second for a run's file.
 *   1. checking 10,000 rows on the server (parseBatchFile + checkRows: the pay-out schema and region rules);
 *   2. the same check in Chromium, in a Web Worker, as the upload page does it (the same modules, bundled);
 *   3. dispatching a 2,000-row run (createBatch, then the app's pay-out workers) to the sandbox gateway.
 * Database: a fresh `smilepayz_bench_*` database on DATABASE_URL's server (dropped at the end), else an embedded
 * PostgreSQL under .test-data/bench. BENCH_ROWS (2000) sets the run's size.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import postgres from "postgres";
import { createDb } from "@/db";
import { startEmbeddedPostgres, type EmbeddedHandle } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { ensureDatabase } from "@/db/resolve-database";
import { approvalThresholds, merchants, users } from "@/db/schema";
import { userCtx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetEnvCache } from "@/lib/env";
import { getQueue, QUEUES, stopQueue } from "@/lib/jobs/queue";
import { merchantSecretAad, privateKeyAad } from "@/lib/merchants/secret-aad";
import { checkRows } from "@/lib/payout-batches/check-rows";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { parseBatchFile } from "@/lib/payout-batches/parse-file";
import { registerPayoutWorkers } from "@/lib/gateway-work/workers";
import { startSandboxGateway } from "@/lib/sandbox-gateway";
import { runCsv } from "../tests/payout-batches/fixtures";

const ROWS = Number(process.env.BENCH_ROWS) > 0 ? Number(process.env.BENCH_ROWS) : 2000;
const log = (m: string) => console.log(`[bench:bulk] ${m}`);

async function checkOnServer(bytes: Uint8Array) {
  const t0 = performance.now();
  const f = parseBatchFile(bytes);
  if (!f.ok) throw new Error(f.message);
  const r = checkRows(f.rows, 1);
  const ms = performance.now() - t0;
  log(`server: ${r.rows.length} rows checked in ${ms.toFixed(0)} ms = ${((r.rows.length / ms) * 1000).toFixed(0)} rows/s (${r.badCount} bad)`);
}

async function checkInBrowser(bytes: Uint8Array) {
  const bundle = await build({
    stdin: {
      contents: `import { parseBatchFile } from "@/lib/payout-batches/parse-file"; import { checkRows } from "@/lib/payout-batches/check-rows";
        self.onmessage = (m) => { const t0 = performance.now(); const f = parseBatchFile(new Uint8Array(m.data)); const r = f.ok ? checkRows(f.rows, 1) : null;
          self.postMessage({ ms: performance.now() - t0, rows: r ? r.rows.length : 0, bad: r ? r.badCount : -1 }); };`,
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "iife",
    minify: true,
    tsconfig: path.resolve("tsconfig.json"),
    // lib/smilepayz/order-no.ts generates orderNos with node:crypto, which the check never calls: a stub.
    plugins: [
      {
        name: "no-node-crypto",
        setup(b) {
          b.onResolve({ filter: /^node:crypto$/ }, () => ({ path: "node:crypto", namespace: "stub" }));
          b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export function randomBytes() { throw new Error('not in a browser'); }", loader: "js" }));
        },
      },
    ],
  });
  const code = bundle.outputFiles[0]?.text ?? "";
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const r = await page.evaluate(
      async ({ code, data }) => {
        const w = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
        const buf = new Uint8Array(data).buffer;
        return new Promise<{ ms: number; rows: number; bad: number }>((resolve) => {
          w.onmessage = (m: MessageEvent<{ ms: number; rows: number; bad: number }>) => resolve(m.data);
          w.postMessage(buf, [buf]);
        });
      },
      { code, data: [...bytes] },
    );
    log(`browser (Chromium, Web Worker): ${r.rows} rows checked in ${r.ms.toFixed(0)} ms = ${((r.rows / r.ms) * 1000).toFixed(0)} rows/s (${r.bad} bad)`);
  } finally {
    await browser.close();
  }
}

async function dispatchRun() {
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
  resetEnvCache();
  await migrateDatabase(url);
  const pem = () => generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const platform = pem();
  const merchant = pem();
  const controlToken = randomBytes(24).toString("hex");
  const gw = await startSandboxGateway({ databaseUrl: url, port: 0, platformPrivateKey: platform.privateKey, controlToken, defaults: { successRate: 1, failRate: 0, minDelayMs: 3_600_000, maxDelayMs: 3_600_000 } });
  // handed over the way npm start hands it to the app (scripts/start.ts): the one http:// gateway allowed
  process.env.SANDBOX_GATEWAY_URL = gw.url;
  resetEnvCache();
  const merchantId = `bench-${randomBytes(3).toString("hex")}`;
  const merchantSecret = randomBytes(16).toString("hex");
  const reg = await fetch(`${gw.url}/sandbox/merchants/${merchantId}`, { method: "PUT", headers: { "content-type": "application/json", authorization: `Bearer ${controlToken}` }, body: JSON.stringify({ merchantSecret, publicKey: merchant.publicKey }) });
  if (!reg.ok) throw new Error(`gateway refused the merchant: HTTP ${reg.status}`);
  const handle = createDb(url, 24);
  const db = handle.db;
  const [m] = await db
    .insert(merchants)
    .values({ merchantId, name: "Bench merchant", environment: "custom", customBaseUrl: gw.url, merchantSecretEnc: encryptSecret(merchantSecret, merchantSecretAad(merchantId)), merchantSecretLast4: merchantSecret.slice(-4), privateKeyEnc: encryptSecret(merchant.privateKey, privateKeyAad(merchantId)), platformPublicKey: platform.publicKey })
    .returning();
  const [u] = await db.insert(users).values({ email: `bench-${merchantId}@bench.test`, name: "Bench finance", role: "finance", allMerchants: true, passwordHash: "x" }).returning();
  if (!m || !u) throw new Error("bench rows not stored");
  // Thai rows only, with a threshold above the run's total: approved at creation, its jobs queued in that commit.
  await db.insert(approvalThresholds).values({ merchantId: m.id, currency: "THB", minAmountMinor: 10n ** 15n });
  const lines = ["region,method,account,amount,purpose"];
  for (let i = 1; i <= ROWS; i++) lines.push(`TH,KBANK,${5_000_000_000 + i},${100 + (i % 900)},Bench run`);
  const boss = await getQueue();
  for (const [name, options] of Object.entries(QUEUES)) await boss.createQueue(name, options);
  const ctx = userCtx(db, { id: u.id, email: u.email, name: u.name, role: "finance", mustChangePassword: false, totpEnabled: false, sessionId: 0 });
  const c0 = performance.now();
  const { batch } = await createBatch({ ctx, input: { credentialId: m.id, fileName: "bench.csv", bytes: new TextEncoder().encode(lines.join("\r\n")), idempotencyKey: `bench-${merchantId}`, confirmDuplicate: false } });
  log(`run of ${ROWS} rows stored (checked, inserted, jobs queued) in ${(performance.now() - c0).toFixed(0)} ms`);
  const t0 = performance.now();
  // The app's workers with their defaults (lib/workers/start-workers.ts registers them the same way).
  await registerPayoutWorkers(boss, () => db);
  const counter = postgres(url, { max: 1, onnotice: () => undefined });
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const [row] = await counter<{ n: number }[]>`select count(*)::int as n from payouts where batch_id = ${batch.id} and status not in ('APPROVED', 'SENDING')`;
    if ((row?.n ?? 0) >= ROWS) break;
  }
  const secs = (performance.now() - t0) / 1000;
  const [by] = await counter<{ s: string }[]>`select string_agg(status || '=' || n, ', ') as s from (select status, count(*) n from payouts group by status) x`;
  log(`dispatch: ${ROWS} rows sent and answered in ${secs.toFixed(1)} s = ${(ROWS / secs).toFixed(0)} rows/s (app worker defaults); statuses ${by?.s}`);
  await counter.end();
  await stopQueue();
  await gw.close();
  await handle.sql.end({ timeout: 5 });
  const admin = postgres(server, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  await embedded?.stop();
}

async function main() {
  const bytes = new TextEncoder().encode(runCsv(10_000));
  await checkOnServer(bytes);
  await checkInBrowser(bytes);
  await dispatchRun();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
