/**
 * `npm run bench:bulk`: rows per second for a run's file.
 *   1. checking 10,000 rows on the server (parseBatchFile + checkRows: the pay-out schema and region rules);
 *   2. the same check in Chromium, in a Web Worker, as the upload page does it (the same modules, bundled);
 *   3. dispatching a 10,000-row run (createBatch, then the app's pay-out workers with the app's settings) to the
 *      bundled sandbox gateway: from the run's approval (its commit, jobs queued in it) to the last answer recorded,
 *      beside the /api/health check (checkHealth, in-process) measured in the same run.
 * Database: a fresh `smilepayz_bench_*` database on DATABASE_URL's server (dropped at the end), else an embedded
 * PostgreSQL under .test-data/bench. BENCH_ROWS (10000) sets the run's size; BENCH_ONLY=dispatch|check runs a part;
 * BENCH_BATCH / BENCH_WORKERS override the workers' batch size and fetch loops.
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
import { checkHealth } from "@/lib/health/check-health";
import { benchWithSandbox } from "./bench-setup";
import { benchLine, rateOf, settingsFromEnv, type BenchFigure } from "./lib/bench-figures";
import { runCsv } from "./lib/run-csv";

const ROWS = Number(process.env.BENCH_ROWS) > 0 ? Number(process.env.BENCH_ROWS) : 10_000;
const ONLY = process.env.BENCH_ONLY;
const figures: BenchFigure[] = [];
const log = (m: string) => console.log(`[bench:bulk] ${m}`);

async function checkOnServer(bytes: Uint8Array) {
  const t0 = performance.now();
  const f = parseBatchFile(bytes);
  if (!f.ok) throw new Error(f.message);
  const r = checkRows(f.rows, 1);
  const ms = performance.now() - t0;
  log(`server: ${r.rows.length} rows checked in ${ms.toFixed(0)} ms = ${((r.rows.length / ms) * 1000).toFixed(0)} rows/s (${r.badCount} bad)`);
  figures.push({ figure: "run file check on the server", value: (r.rows.length / ms) * 1000, unit: "rows/s", floor: null, floorName: null, goal: null, ok: null });
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
    figures.push({ figure: "run file check in the browser", value: (r.rows / r.ms) * 1000, unit: "rows/s", floor: null, floorName: null, goal: null, ok: null });
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
  const approvedAt = performance.now();
  log(`run of ${ROWS} rows stored (checked, inserted, approved by the threshold, jobs queued) in ${(approvedAt - c0).toFixed(0)} ms`);
  const health = await rateOf(8, { ms: 2000 }, async () => void (await checkHealth()));
  log(`/api/health check (checkHealth in-process, 8 at a time): ${health.perSecond.toFixed(0)} req/s, p50 ${health.p50.toFixed(1)} ms`);
  // The app's workers with the app's settings (lib/workers/start-workers.ts registers them the same way), unless
  // BENCH_BATCH / BENCH_WORKERS say otherwise. The clock starts at the run's approval: createBatch's commit.
  const settings = settingsFromEnv();
  await registerPayoutWorkers(boss, () => db, settings);
  const counter = postgres(url, { max: 1, onnotice: () => undefined });
  let lastSent = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const [row] = await counter<{ n: number; sent: number }[]>`select count(*) filter (where status not in ('APPROVED', 'SENDING'))::int as n, count(*) filter (where status <> 'APPROVED')::int as sent from payouts where batch_id = ${batch.id}`;
    if ((row?.sent ?? 0) >= ROWS && !lastSent) lastSent = performance.now();
    if ((row?.n ?? 0) >= ROWS) break;
  }
  const secs = (performance.now() - approvedAt) / 1000;
  const sentSecs = ((lastSent || performance.now()) - approvedAt) / 1000;
  const [by] = await counter<{ s: string }[]>`select string_agg(status || '=' || n, ', ') as s from (select status, count(*) n from payouts group by status) x`;
  const how = settings.batchSize || settings.localConcurrency ? JSON.stringify(settings) : "the app's settings";
  log(`dispatch: ${ROWS} rows, last request sent ${sentSecs.toFixed(1)} s after approval, all answered after ${secs.toFixed(1)} s = ${(ROWS / secs).toFixed(0)} rows/s (${how}); statuses ${by?.s}`);
  log(`(${health.perSecond.toFixed(0)} /api/health checks/s in this run)`);
  figures.push({ figure: `${ROWS}-row run to the bundled sandbox gateway, approval to last request sent`, value: sentSecs, unit: "s", floor: health.perSecond, floorName: "/api/health checks in-process", floorUnit: "checks/s", goal: ROWS === 10_000 ? "< 60 s" : null, ok: ROWS === 10_000 ? sentSecs < 60 : null });
  figures.push({ figure: `${ROWS}-row run to the bundled sandbox gateway, approval to last answer`, value: ROWS / secs, unit: "rows/s", floor: null, floorName: null, goal: null, ok: null });
  await counter.end();
  await bench.close();
}

async function main() {
  if (ONLY !== "dispatch") {
    const bytes = new TextEncoder().encode(runCsv(10_000));
    await checkOnServer(bytes);
    await checkInBrowser(bytes);
  }
  if (ONLY !== "check") await dispatchRun();
  for (const f of figures) benchLine(f);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
