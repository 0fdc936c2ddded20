/**
 * `npm run bench:payouts`: approved pay-outs per second through the app's own dispatch path (pg-boss jobs, the
 * pay-out workers with the settings the app runs with, set-based transitions, RSA-SHA256 signing, HTTP), in one run:
 *   1. the database's own reference: the /api/health check (checkHealth: one SELECT), in-process, 8 at a time;
 *   2. the floor: BENCH_N signed pay-out requests from the app's gateway client straight to the minimal responder
 *      (no database, no queue), 32 in flight — what signing and HTTP alone allow on this machine now;
 *   3. BENCH_N pay-outs dispatched to the minimal responder (answers at once, accepted) by this instance;
 *   4. the same with a second instance on the same database (a child process running the same workers);
 *   5. BENCH_N pay-outs dispatched to the bundled sandbox gateway (verifies every signature, stores every order).
 * Each dispatch figure is from the moment the jobs are committed to the moment the last pay-out's answer is
 * recorded. BENCH_N (2000); BENCH_BATCH / BENCH_WORKERS override the workers' batch size and fetch loops (default:
 * the app's, PAYOUT_DISPATCH_CONCURRENCY); BENCH_INSTANCES=1 skips step 4; BENCH_CPU_PROF=dir profiles step 3.
 * Database: a fresh `smilepayz_bench_*` database on DATABASE_URL's server (dropped at the end), else an embedded
 * PostgreSQL under .test-data/bench. The sandbox's fates are an hour away, so no settlement or callback runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { Db } from "@/db";
import { resetEnvCache } from "@/lib/env";
import { registerPayoutWorkers, type PayoutWorkerOptions } from "@/lib/gateway-work/workers";
import { checkHealth } from "@/lib/health/check-health";
import { getQueue, QUEUES } from "@/lib/jobs/queue";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { sealApproval } from "@/lib/payouts/approval-seal";
import { contentHash } from "@/lib/payouts/content-hash";
import { getRegion } from "@/lib/smilepayz/regions";
import { benchWithSandbox, storeBenchCredential, pemPair } from "./bench-setup";
import { benchLine, rateOf, settingsFromEnv } from "./lib/bench-figures";
import { minimalResponder } from "./lib/minimal-responder";
import { treeCpuMs } from "./proc-cpu";

const N = Number(process.env.BENCH_N) > 0 ? Number(process.env.BENCH_N) : 2000;
const log = (m: string) => console.log(`[bench:payouts] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Credential = Awaited<ReturnType<typeof storeBenchCredential>>;
const content = (m: Credential) => ({ credentialId: m.id, merchantId: m.merchantId, region: "TH", currency: "THB", amountMinor: 150000n, method: "KBANK", account: "1234567890", receiverName: null, taxNumber: null, network: null });

/** `n` approved pay-outs with real content hashes and approval seals (the dispatcher re-checks both). */
async function approvedRows(db: Db, m: Credential, prefix: string, n: number): Promise<number[]> {
  const c = content(m);
  const hash = contentHash(c);
  const orderNos = Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(10, "0")}`);
  const seals = orderNos.map((orderNo) => sealApproval({ content: c, purpose: "Bench", orderNo, runId: null }));
  const rows = await db.execute<{ id: number }>(sql`
    insert into payouts (merchant_id, region, order_no, amount_minor, currency, payment_method, cash_account, beneficiary_key, purpose, status, content_hash, approval_seal)
    select ${m.id}, 'TH', o, 150000, 'THB', 'KBANK', '1234567890', 'KBANK:1234567890', 'Bench', 'APPROVED', ${hash}, s
      from unnest(${`{${orderNos.join(",")}}`}::text[], ${`{${seals.join(",")}}`}::text[]) as u(o, s)
    returning id`);
  return rows.map((r) => Number(r.id));
}

/** Queue the rows' jobs, then wait until every row's answer is recorded: pay-outs per second, and how they ended. */
async function dispatch(label: string, counter: postgres.Sql, ids: number[], child?: ChildProcess) {
  const boss = await getQueue();
  // CPU per pay-out (this process with its thread pool, a second instance's, the database's backends): on a shared
  // machine it moves far less with other work than the rate does.
  const backends = (await counter<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`).map((r) => r.pid);
  const cpu = () => ({ app: process.cpuUsage(), child: treeCpuMs(child?.pid) || 0, db: backends.reduce((ms, pid) => ms + (treeCpuMs(pid) || 0), 0) });
  const c0 = cpu();
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += 1000) await boss.insert(PAYOUT_DISPATCH, ids.slice(i, i + 1000).map((id) => ({ data: { payoutId: id } })));
  const [lo, hi] = [Math.min(...ids), Math.max(...ids)];
  for (;;) {
    await sleep(50);
    const [row] = await counter<{ n: number }[]>`select count(*)::int as n from payouts where id between ${lo} and ${hi} and status not in ('APPROVED', 'SENDING')`;
    if ((row?.n ?? 0) >= ids.length) break;
  }
  const secs = (performance.now() - t0) / 1000;
  const c1 = cpu();
  const appMs = (c1.app.user - c0.app.user + c1.app.system - c0.app.system) / 1000 + (c1.child - c0.child);
  const per = (ms: number) => (ms / ids.length).toFixed(2);
  const [by] = await counter<{ s: string }[]>`select string_agg(status || '=' || n, ', ') as s from (select status, count(*) n from payouts where id between ${lo} and ${hi} group by status) x`;
  log(`${label}: ${ids.length} pay-outs in ${secs.toFixed(2)} s = ${(ids.length / secs).toFixed(0)} pay-outs/s (${by?.s}); CPU per pay-out: app ${per(appMs)} ms, database ${per(c1.db - c0.db)} ms`);
  return ids.length / secs;
}

/** BENCH_CPU_PROF=dir: a V8 CPU profile of this process around `run` (the 1-instance dispatch), written to dir. */
async function profiled<T>(run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  const out = await run();
  const { profile } = await session.post("Profiler.stop");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `dispatch-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  log(`CPU profile of the 1-instance dispatch: ${file}`);
  session.disconnect();
  return out;
}

/** A second instance: this script in another process with the same workers, on the same database and key. */
async function secondInstance(gatewayUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", import.meta.filename, "--instance"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, SANDBOX_GATEWAY_URL: gatewayUrl },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => (d.toString().includes("workers ready") ? resolve() : undefined));
    child.once("exit", (code) => reject(new Error(`second instance exited (${code})`)));
  });
  return child;
}

async function instanceMain(settings: PayoutWorkerOptions) {
  const { getDb } = await import("@/db");
  const boss = await getQueue();
  await registerPayoutWorkers(boss, getDb, settings);
  console.log("workers ready");
  await new Promise(() => undefined);
}

async function main() {
  const settings = settingsFromEnv();
  const bench = await benchWithSandbox({ pool: 24, env: { GATEWAY_TIMEOUT_MS: "15000" } });
  const { db, url } = bench;
  const responder = await minimalResponder();
  const keys = pemPair();
  const minimal = await storeBenchCredential(db, { merchantId: `${bench.merchantId}-min`, merchantSecret: "bench-secret-0123456789", privateKey: keys.privateKey, platformPublicKey: keys.publicKey, baseUrl: responder.url });
  const counter = postgres(url, { max: 1, onnotice: () => undefined });
  const boss = await getQueue();
  for (const [name, options] of Object.entries(QUEUES)) await boss.createQueue(name, options);
  log(`${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load ${os.loadavg()[0]?.toFixed(1)}; workers: ${Object.keys(settings).length ? JSON.stringify(settings) : "the app's defaults"}`);

  const health = await rateOf(8, { ms: 2000 }, async () => void (await checkHealth()));
  log(`/api/health check (checkHealth in-process, 8 at a time): ${health.perSecond.toFixed(0)} req/s, p50 ${health.p50.toFixed(1)} ms`);

  const pointSandboxAt = (u: string) => {
    process.env.SANDBOX_GATEWAY_URL = u;
    resetEnvCache();
  };
  pointSandboxAt(responder.url);
  const client = gatewayClientFor(minimal);
  let seq = 0;
  const floor = await rateOf(32, { count: N }, async () => {
    const r = await client.payOut(getRegion("TH"), { orderNo: `FLOOR${++seq}`, merchant: { merchantId: minimal.merchantId }, money: { currency: "THB", amount: 1500 } } as never);
    if (r.outcome !== "accepted") throw new Error(`floor call: ${r.outcome}`);
  });
  log(`floor: ${N} signed pay-out requests straight to the minimal responder (no database, 32 in flight): ${floor.perSecond.toFixed(0)} /s`);

  await registerPayoutWorkers(boss, () => db, settings);
  const rows = await approvedRows(db, minimal, "MIN", N);
  const one = await profiled(() => dispatch("minimal responder, 1 instance", counter, rows));
  let two: number | null = null;
  if (process.env.BENCH_INSTANCES !== "1") {
    const child = await secondInstance(responder.url);
    try {
      two = await dispatch("minimal responder, 2 instances", counter, await approvedRows(db, minimal, "TWO", N), child);
    } finally {
      child.kill("SIGKILL");
    }
  }
  pointSandboxAt(bench.gw.url);
  const sandbox = await dispatch("bundled sandbox gateway, 1 instance", counter, await approvedRows(db, bench.credential, "SBX", N));
  log(`(${health.perSecond.toFixed(0)} /api/health checks/s in this run; load now ${os.loadavg()[0]?.toFixed(1)})`);

  benchLine({ figure: "dispatch to minimal responder", value: one, unit: "pay-outs/s", floor: floor.perSecond, floorName: "signed requests alone, no database", goal: ">= 1000 pay-outs/s", ok: one >= 1000 });
  if (two !== null) benchLine({ figure: "dispatch to minimal responder, 2 instances", value: two, unit: "pay-outs/s", floor: one, floorName: "1 instance", goal: null, ok: null });
  benchLine({ figure: "dispatch to bundled sandbox gateway", value: sandbox, unit: "pay-outs/s", floor: health.perSecond, floorName: "/api/health checks in-process", floorUnit: "checks/s", goal: null, ok: null });
  await counter.end();
  await responder.close();
  await bench.close();
}

if (process.argv.includes("--instance")) {
  void instanceMain(settingsFromEnv());
} else {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
