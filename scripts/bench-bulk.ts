/**
 * `npm run bench:bulk`: rows per second for a run's file.
 *   1. checking 10,000 rows on the server (parseBatchFile + checkRows: the pay-out schema and region rules);
 *   2. the same check in Chromium, in a Web Worker, as the upload page does it (the same modules, bundled);
 *   3. dispatching a 2,000-row run (createBatch, then the app's pay-out workers) to the sandbox gateway.
 * Database: a fresh `smilepayz_bench_*` database on DATABASE_URL's server (dropped at the end), else an embedded
 * PostgreSQL under .test-data/bench. BENCH_ROWS (2000) sets the run's size.
 */
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import postgres from "postgres";
import { approvalThresholds, users } from "@/db/schema";
import { userCtx } from "@/lib/context";
import { getQueue, QUEUES } from "@/lib/jobs/queue";
import { checkRows } from "@/lib/payout-batches/check-rows";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { parseBatchFile } from "@/lib/payout-batches/parse-file";
import { registerPayoutWorkers } from "@/lib/gateway-work/workers";
import { benchWithSandbox } from "./bench-setup";
import { runCsv } from "./lib/run-csv";

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
  const bench = await benchWithSandbox();
  const { db, url, merchantId } = bench;
  const m = bench.credential;
  const [u] = await db.insert(users).values({ email: `bench-${merchantId}@bench.test`, name: "Bench finance", role: "finance", allMerchants: true, passwordHash: "x" }).returning();
  if (!u) throw new Error("bench user not stored");
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
  await bench.close();
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
