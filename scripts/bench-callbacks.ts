/**
 * `npm run bench:callbacks`: signed callbacks per second and latency (p50/p99) through the app's production build
 * (Next behind scripts/serve.mjs as `npm start` runs it, POST /api/callbacks/smilepayz) against real PostgreSQL, at concurrency 1, 10 and 50, next to the
 * same load on GET /api/health of the same server (Next's own floor: a route and one SELECT) and on a bare
 * node:http handler doing only verify-and-update (the floor), and the statements the app sent per callback
 * (counted on the wire by a relay in front of PostgreSQL, scripts/pg-statement-counter.ts, on a second server in a
 * round of its own, so the relay is in no timing; the app's own pool
 * only, so the job queue's polling is not in it). Each round gets fresh pay-outs in
 * PROCESSING and one SUCCESS callback each, signed with a generated platform key that is on the credential. The app
 * stores each and answers; its confirmation process (scripts/confirm-worker.ts, run beside it as `npm start` runs it)
 * confirms each with inquiry-status at the credential's gateway (a minimal responder in
 * the floor's process, handed to the app as `npm start` hands it the bundled sandbox); "confirmed SUCCESS/s" is the
 * round's pay-outs over the time until the last one was SUCCESS. A third round per concurrency, "app, confirmation
 * paused", stops the confirmation process until its last callback is answered (then it confirms them): the web
 * server's rate with the confirmations on other cores, printed beside the goals' figures.
 *
 * DATABASE_URL: the PostgreSQL server to use (a fresh database is created on it and dropped after); default
 * postgres://postgres@127.0.0.1:5432/postgres. BENCH_N: callbacks per round at concurrency ≥ 10 (default 2000).
 * Each round prints the server's CPU per request and, when PostgreSQL runs on this machine, its backends' CPU for
 * the bench's database (scripts/proc-cpu.ts): the callback's cost in the database, beside health's one SELECT.
 * BENCH_CPU_PROF=dir: write V8 CPU profiles of the web server and of the confirmation process there (open them in
 * Chrome DevTools; the confirmation process writes two, its main thread's and tsx's loader thread's).
 * BENCH_ONLY=app|health|floor, BENCH_CONCURRENCY=10,50: run a subset.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";

import http from "node:http";
import { availableParallelism, cpus } from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { freePort } from "@/db/free-port";
import * as schema from "@/db/schema";
import { publicKeyToBase64Der } from "@/lib/smilepayz/keys";
import { signCallback, verifyCallback } from "@/lib/smilepayz/signature";
import { formatTimestamp } from "@/lib/smilepayz/timestamp";
import { benchDatabase, benchEnv, storeBenchCredential } from "./bench-setup";
import { confirmWorkerArgs, webServerArgs } from "./lib/app-processes";
import { ensureBuild } from "./ensure-build";
import { startStatementCounter, type StatementCounter } from "./pg-statement-counter";
import { databaseCpuMs, treeCpuMs } from "./proc-cpu";

const root = path.resolve(import.meta.dirname, "..");
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? "1,10,50").split(",").map(Number);
const N = Number(process.env.BENCH_N ?? 2000);
const log = (m: string) => console.log(`[bench] ${m}`);

// ---------- the floor: node:http, RSA verify, one conditional UPDATE (bench only; never the app's writer) ----------
async function floorServer(): Promise<void> {
  const sql = postgres(process.env.DATABASE_URL ?? "", { max: 10, onnotice: () => undefined });
  const key = createPublicKey({ key: Buffer.from(process.env.BENCH_PLATFORM_PUBLIC ?? "", "base64"), format: "der", type: "spki" });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { tradeNo: string; status: string };
        const ok = verifyCallback({ tradeNo: body.tradeNo, timestamp: String(req.headers["x-timestamp"]), signature: String(req.headers["x-signature"]), platformPublicKey: key });
        if (!ok) return res.writeHead(401).end("forged");
        await sql`update payouts set status = ${body.status}, gateway_status = ${body.status}, updated_at = now(), final_at = now()
                  where trade_no = ${body.tradeNo} and status in ('SENDING', 'UNKNOWN', 'PROCESSING')`;
        res.writeHead(200, { "content-type": "text/plain" }).end("SUCCESS");
      })().catch(() => res.writeHead(500).end("error"));
    });
  });
  server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("floor ready"));
  // The gateway the app confirms each callback with: inquiry-status answers SUCCESS for the bench's orders, as a
  // gateway that executed them would (the app signs each request; this answers without checking, like a fast gateway).
  const gateway = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { orderNo?: string; tradeType?: number };
      const orderNo = body.orderNo ?? "";
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ code: "00", message: "Successful", orderNo, tradeNo: orderNo.replace(/^BN/, "BT"), tradeType: body.tradeType ?? 2, status: "SUCCESS", money: { currency: "THB", amount: 1500 } }),
      );
    });
  });
  gateway.listen(Number(process.env.BENCH_GATEWAY_PORT), "127.0.0.1");
}

// ---------- set-up ----------

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _drop, ...rest } = process.env;
  return { ...rest, ...extra };
}

/** The web server as `npm start` runs it (scripts/start.ts): Next behind scripts/serve.mjs, production build. */
function webServer(nodeArgs: string[], port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, webServerArgs(root, { nodeArgs }), { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1" } });
}

/** The confirmation process as `npm start` runs it beside the web server (scripts/confirm-worker.ts). */
function confirmWorker(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, confirmWorkerArgs(root, nodeArgs), { cwd: root, stdio: ["ignore", "ignore", "inherit"], env });
}

async function waitFor(url: string, child: ChildProcess, what: string) {
  const deadline = Date.now() + 120_000;
  while (!(await fetch(url, { method: "GET" }).then(() => true, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${what} did not start`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

// ---------- load ----------
interface Round {
  target: string;
  /** The server's CPU (its process tree, user + system) per request, ms: until the last answer, and until all confirmed. */
  cpuMs?: { answered: number; confirmed?: number; database?: { answered: number; confirmed?: number }; worker?: { answered: number; confirmed: number }; loadGenerator?: number; gateway?: { answered: number; confirmed: number } };
  concurrency: number;
  n: number;
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
  /** App rounds: pay-outs SUCCESS per second, from the round's start until the last was confirmed by inquiry-status. */
  confirmedPerSecond?: number;
  /** App rounds: statements the app's pool sent during the round, per callback, and the most frequent texts. */
  statements?: { perCallback: number; top: [string, number][] };
}

async function createPayouts(sql: postgres.Sql, merchantRowId: number, n: number): Promise<{ orderNo: string; tradeNo: string }[]> {
  const tag = randomBytes(4).toString("hex").toUpperCase();
  const rows = Array.from({ length: n }, (_, i) => ({
    merchant_id: merchantRowId,
    region: "TH",
    order_no: `BN${tag}${i}`,
    trade_no: `BT${tag}${i}`,
    amount_minor: "150000",
    currency: "THB",
    payment_method: "KBANK",
    cash_account: "1234567890",
    beneficiary_key: "KBANK:1234567890",
    purpose: "bench",
    status: "PROCESSING",
    content_hash: "bench",
  }));
  for (let i = 0; i < rows.length; i += 1000) await sql`insert into payouts ${sql(rows.slice(i, i + 1000))}`;
  // A live table's statistics follow its size (autovacuum); these rows arrived in a second, and with the statistics
  // of a table a hundredth its size PostgreSQL plans the callback's lookups with the wrong index (auto_explain: the
  // pay-out's row found through payouts_status_created, reading every open pay-out).
  await sql`analyze payouts`;
  return rows.map((r) => ({ orderNo: r.order_no, tradeNo: r.trade_no }));
}

function send(agent: http.Agent, port: number, pathName: string, body: string | null, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const method = body === null ? "GET" : "POST";
    const h = body === null ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) };
    const req = http.request({ host: "127.0.0.1", port, path: pathName, method, agent, headers: h }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

interface Target {
  name: string;
  /** The server's process, for its CPU time. */
  pid?: number;
  /** The confirmation process beside it (scripts/confirm-worker.ts), for its CPU time. */
  workerPid?: number;
  /** The process of the bench's gateway responder, which the confirmations ask (the floor's): its CPU shares the cores too. */
  gatewayPid?: number;
  /**
   * The confirmation process to stop (SIGSTOP) until the round's last callback is answered and then let go on: what
   * the web server reaches when confirmations run on other cores (a measurement, not a setting: nothing is lost,
   * their jobs wait in the queue and are confirmed after).
   */
  pauseWorker?: number;
  port: number;
  path: string;
}

async function round(t: Target, sql: postgres.Sql, merchant: { rowId: number; wireId: string }, privateKey: KeyObject, concurrency: number, n: number, counter: StatementCounter | null): Promise<Round> {
  const { name: target, port, path: pathName } = t;
  const health = target.startsWith("health");
  const payouts = health ? [] : await createPayouts(sql, merchant.rowId, n);
  const timestamp = formatTimestamp(new Date(), 420);
  const deliveries: { body: string | null; headers: Record<string, string> }[] = health
    ? Array.from({ length: n }, () => ({ body: null, headers: {} }))
    : payouts.map((p) => ({
        body: JSON.stringify({ orderNo: p.orderNo, tradeNo: p.tradeNo, merchantId: merchant.wireId, paymentMethod: "KBANK", status: "SUCCESS", money: { currency: "THB", amount: 1500 } }),
        headers: { "content-type": "application/json", "x-timestamp": timestamp, "x-signature": signCallback({ tradeNo: p.tradeNo, timestamp, privateKey }) },
      }));
  const before = counter?.snapshot();
  const cpu0 = treeCpuMs(t.pid);
  const worker0 = t.workerPid ? treeCpuMs(t.workerPid) : 0;
  // The PostgreSQL backends of the bench's database (this script's own are idle during the round).
  const database = sql.options.database;
  const db0 = databaseCpuMs(database);
  // This process sends the load: its CPU shares the cores with the server, so it is printed beside the server's.
  const client0 = process.cpuUsage();
  const gateway0 = t.gatewayPid ? treeCpuMs(t.gatewayPid) : 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  if (t.pauseWorker) process.kill(t.pauseWorker, "SIGSTOP");
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < deliveries.length) {
          const d = deliveries[next++];
          if (!d) break;
          const t0 = performance.now();
          const r = await send(agent, port, pathName, d.body, d.headers);
          latencies.push(performance.now() - t0);
          if (r.status !== 200 || (!health && r.text !== "SUCCESS")) failures++;
        }
      }),
    );
  } finally {
    if (t.pauseWorker) process.kill(t.pauseWorker, "SIGCONT");
  }
  const elapsed = (performance.now() - started) / 1000;
  const client = process.cpuUsage(client0);
  const loadGenerator = (client.user + client.system) / 1000 / n;
  const gatewayAnswered = t.gatewayPid ? (treeCpuMs(t.gatewayPid) - gateway0) / n : undefined;
  const after = counter?.snapshot();
  const cpuAnswered = (treeCpuMs(t.pid) - cpu0) / n;
  const workerAnswered = t.workerPid ? (treeCpuMs(t.workerPid) - worker0) / n : 0;
  const dbAnswered = (databaseCpuMs(database) - db0) / n;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  // The app stores each callback and answers; the SUCCESS itself waits for inquiry-status (this bench's credential
  // has no gateway to ask), so for the app a pay-out counts once its callback is stored as confirming or applied.
  const tradeNos = payouts.map((p) => p.tradeNo);
  const top = after && before ? [...after.byText].map(([text, c]): [string, number] => [text, c - (before.byText.get(text) ?? 0)]).filter(([, c]) => c > 0) : [];
  top.sort((a, b) => b[1] - a[1]);
  const statements = after && before && target.startsWith("app") ? { perCallback: (after.total - before.total) / n, top: top.slice(0, 12) } : undefined;
  if (health) return { target, concurrency, n, perSecond: n / elapsed, p50: q(0.5), p99: q(0.99), failures, cpuMs: { answered: cpuAnswered, database: { answered: dbAnswered }, loadGenerator } };
  // Every pay-out SUCCESS: for the app, once its callback was confirmed with inquiry-status (the bench's gateway).
  let left = n;
  let confirmedS = 0;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const [row] = await sql<{ left: number }[]>`select count(*)::int as left from payouts where trade_no = any(${tradeNos}) and status <> 'SUCCESS'`;
    left = row?.left ?? n;
    confirmedS = (performance.now() - started) / 1000;
    if (left === 0) break;
  }
  return { target, concurrency, n, perSecond: n / elapsed, p50: q(0.5), p99: q(0.99), failures: failures + left, statements, confirmedPerSecond: n / confirmedS, cpuMs: { answered: cpuAnswered, confirmed: (treeCpuMs(t.pid) - cpu0) / n, database: { answered: dbAnswered, confirmed: (databaseCpuMs(database) - db0) / n }, ...(t.workerPid ? { worker: { answered: workerAnswered, confirmed: (treeCpuMs(t.workerPid) - worker0) / n } } : {}), loadGenerator, ...(t.gatewayPid && gatewayAnswered !== undefined ? { gateway: { answered: gatewayAnswered, confirmed: (treeCpuMs(t.gatewayPid) - gateway0) / n } } : {}) } };
}

/** The lead's table: one `BENCH {json}` line per figure (a round with failures is never ok). */
function benchLines(results: Round[]): string[] {
  const find = (prefix: string, c: number) => results.find((r) => r.concurrency === c && r.target.startsWith(prefix));
  const out: string[] = [];
  const [a10, h10, a50, h50] = [find("app (serve", 10), find("health", 10), find("app (serve", 50), find("health", 50)];
  if (a10 && h10) {
    const value = Math.round(a10.perSecond);
    const floor = Math.round(h10.perSecond);
    out.push(`BENCH ${JSON.stringify({ figure: "callbacks c=10", value, unit: "req/s", floor, floorName: "/api/health c=10", goal: ">= 50% of floor", ok: a10.failures === 0 && value >= floor / 2 })}`);
  }
  // What the web server reaches with the confirmations on other cores (printed beside the goals, not one).
  const [p10, p50] = [find("app, confirmation paused", 10), find("app, confirmation paused", 50)];
  if (p10 && h10) out.push(`BENCH ${JSON.stringify({ figure: "callbacks c=10, confirmation paused", value: Math.round(p10.perSecond), unit: "req/s", floor: Math.round(h10.perSecond), floorName: "/api/health c=10", goal: null, ok: null })}`);
  if (p50 && h50) out.push(`BENCH ${JSON.stringify({ figure: "callbacks c=50 p99, confirmation paused", value: Math.round(p50.p99 * 10) / 10, unit: "ms", floor: Math.round(h50.p99 * 10) / 10, floorName: "/api/health c=50 p99", goal: null, ok: null })}`);
  if (a50 && h50) {
    const value = Math.round(a50.p99 * 10) / 10;
    const floor = Math.round(h50.p99 * 10) / 10;
    out.push(`BENCH ${JSON.stringify({ figure: "callbacks c=50 p99", value, unit: "ms", floor, floorName: "/api/health c=50 p99", goal: "< 100", ok: a50.failures === 0 && value < 100 })}`);
  }
  return out;
}

async function main() {
  const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  ensureBuild(log);
  const bench = await benchDatabase(serverUrl);
  const url = bench.url;
  const u = new URL(url);
  const children: ChildProcess[] = [];
  let sql: postgres.Sql | undefined;
  let counter: StatementCounter | undefined;
  try {
    sql = postgres(url, { max: 4, onnotice: () => undefined });
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const platformPublic = publicKeyToBase64Der(publicKey);
    const wireId = `bench-${randomBytes(3).toString("hex")}`;
    // A credential as an admin would store it (secret and key pair encrypted with the app's key), whose base URL is
    // the bench's gateway, handed to the app as the bundled sandbox is by `npm start` (SANDBOX_GATEWAY_URL).
    const encryptionKey = benchEnv();
    const [gatewayPort] = [await freePort()];
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const merchantKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const m = await storeBenchCredential(drizzle(sql, { schema }), { merchantId: wireId, merchantSecret: "bench-secret-0000", privateKey: merchantKey, platformPublicKey: platformPublic, baseUrl: gatewayUrl });
    const merchant = { rowId: Number(m.id), wireId };

    const [appPort, floorPort, countedPort] = [await freePort(), await freePort(), await freePort()];
    // The timed app, the floor and this script reach PostgreSQL directly. The statements are counted on a second app
    // server that reaches it through a counting relay (a JS process parsing every message on these two cores), in
    // a round of its own after the timed ones, so the relay's cost is in none of the timings.
    counter = await startStatementCounter({ host: u.hostname || "127.0.0.1", port: Number(u.port || 5432) }, "smilepayz-backoffice");
    const counted = new URL(url);
    counted.hostname = "127.0.0.1";
    counted.port = String(counter.port);
    const env = {
      DATABASE_URL: url,
      NODE_ENV: "production" as const,
      APP_ENCRYPTION_KEY: encryptionKey,
      SANDBOX_GATEWAY_URL: gatewayUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: `http://127.0.0.1:${appPort}`,
      APP_BASE_URL: `http://127.0.0.1:${appPort}`,
      // As `npm start` runs the app: confirmations in a process of their own beside the web server (started below).
      CALLBACK_CONFIRMATIONS: "worker",
    };
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
    const app = webServer(prof, appPort, childEnv(env));
    const floor = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/bench-callbacks.ts"), "--floor"], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ...env, PORT: String(floorPort), BENCH_GATEWAY_PORT: String(gatewayPort), BENCH_PLATFORM_PUBLIC: platformPublic },
    });
    const worker = confirmWorker(childEnv(env), prof);
    children.push(app, floor, worker);
    await waitFor(`http://127.0.0.1:${appPort}/api/health`, app, "the web server");
    await waitFor(`http://127.0.0.1:${floorPort}/`, floor, "the floor server");

    const targets: Target[] = [
      { name: "app (serve.mjs)", port: appPort, path: "/api/callbacks/smilepayz", pid: app.pid, workerPid: worker.pid, gatewayPid: floor.pid },
      { name: "health (serve.mjs)", port: appPort, path: "/api/health", pid: app.pid },
      { name: "app, confirmation paused", port: appPort, path: "/api/callbacks/smilepayz", pid: app.pid, workerPid: worker.pid, pauseWorker: worker.pid, gatewayPid: floor.pid },
      { name: "floor (node:http)", port: floorPort, path: "/", pid: floor.pid },
    ].filter((t) => !process.env.BENCH_ONLY || t.name.startsWith(process.env.BENCH_ONLY));
    for (const t of targets) await round(t, sql, merchant, privateKey, 10, 300, null); // warm-up
    const results: Round[] = [];
    for (const c of CONCURRENCIES) {
      for (const t of targets) {
        const r = await round(t, sql, merchant, privateKey, c, c === 1 ? Math.min(N, 500) : N, null);
        results.push(r);
        const conf = r.confirmedPerSecond && r.target.startsWith("app") ? `; all confirmed SUCCESS at ${r.confirmedPerSecond.toFixed(0)}/s` : "";
        const until = (v: number | undefined) => (v !== undefined ? ` (${v.toFixed(2)} ms until all confirmed)` : "");
        const dbCpu = r.cpuMs?.database ? `, PostgreSQL ${r.cpuMs.database.answered.toFixed(2)} ms/request${until(r.cpuMs.database.confirmed)}` : "";
        const workerCpu = r.cpuMs?.worker ? `, confirmation process ${r.cpuMs.worker.answered.toFixed(2)} ms/request${until(r.cpuMs.worker.confirmed)}` : "";
        const clientCpu = r.cpuMs?.loadGenerator !== undefined ? `, this load generator ${r.cpuMs.loadGenerator.toFixed(2)} ms/request` : "";
        const gatewayCpu = r.cpuMs?.gateway ? `, the bench's gateway ${r.cpuMs.gateway.answered.toFixed(2)} ms/request${until(r.cpuMs.gateway.confirmed)}` : "";
        const cpu = r.cpuMs ? `; server CPU ${r.cpuMs.answered.toFixed(2)} ms/request${until(r.cpuMs.confirmed)}${workerCpu}${dbCpu}${clientCpu}${gatewayCpu}` : "";
        log(`${r.target.padEnd(24)} c=${String(c).padStart(2)} n=${r.n}: ${r.perSecond.toFixed(0)}/s p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms${conf}${cpu}${r.failures ? ` FAILURES ${r.failures}` : ""}`);
      }
    }
    // The statements, on the second server (through the relay), after a warm-up of its own.
    app.kill("SIGTERM");
    worker.kill("SIGTERM");
    const countedEnv = childEnv({ ...env, DATABASE_URL: counted.toString(), NEXTAUTH_URL: `http://127.0.0.1:${countedPort}`, APP_BASE_URL: `http://127.0.0.1:${countedPort}` });
    const countedApp = webServer([], countedPort, countedEnv);
    children.push(countedApp, confirmWorker(countedEnv));
    await waitFor(`http://127.0.0.1:${countedPort}/api/health`, countedApp, "the web server (counted)");
    const countedTarget = { name: "app (counted)", port: countedPort, path: "/api/callbacks/smilepayz" };
    await round(countedTarget, sql, merchant, privateKey, 10, 300, null);
    const countedRound = await round(countedTarget, sql, merchant, privateKey, 10, 500, counter);
    log(`statements per callback (a round of 500 at c=10 through the relay): ${countedRound.statements?.perCallback.toFixed(2) ?? "-"}`);
    results.push(countedRound);
    console.log(`\ncores: ${availableParallelism()} (${cpus()[0]?.model ?? "?"}); PostgreSQL on the same machine; client, app and floor share the cores`);
    console.log("| concurrency | app callbacks/s | app p50 ms | app p99 ms | confirmed SUCCESS/s | /api/health req/s | health p50 ms | health p99 ms | confirmation paused: callbacks/s, p99 ms | floor callbacks/s | floor p50 ms | floor p99 ms |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    const cell = (r: Round | undefined, f: (r: Round) => string) => (r ? f(r) : "-");
    for (const c of CONCURRENCIES) {
      const [a, h, p, f] = ["app (serve", "health", "app, confirmation paused", "floor"].map((prefix) => results.find((r) => r.concurrency === c && r.target.startsWith(prefix)));
      const rate = (r: Round) => r.perSecond.toFixed(0);
      const ms = (r: Round) => `${r.p50.toFixed(1)} | ${r.p99.toFixed(1)}`;
      console.log(`| ${c} | ${cell(a, rate)} | ${cell(a, ms)} | ${cell(a, (r) => r.confirmedPerSecond?.toFixed(0) ?? "-")} | ${cell(h, rate)} | ${cell(h, ms)} | ${cell(p, (r) => `${rate(r)}, ${r.p99.toFixed(1)}`)} | ${cell(f, rate)} | ${cell(f, ms)} |`);
    }
    const first = results.find((r) => r.statements);
    if (first?.statements) {
      console.log(`\nstatements per callback: ${first.statements.perCallback.toFixed(2)}, counted on the wire in a round of ${first.n} at c=${first.concurrency} on a second server (the server's and the confirmation process's: confirmation and its job included):`);
      for (const [text, count] of first.statements.top) console.log(`  ${(count / first.n).toFixed(2)}  ${text}`);
    }
    const failed = results.reduce((s, r) => s + r.failures, 0);
    console.log("");
    for (const line of benchLines(results)) console.log(line);
    if (failed > 0) throw new Error(`${failed} callbacks were not answered SUCCESS or not applied`);
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r)))));
    await sql?.end({ timeout: 5 });
    await counter?.close();
    await bench.drop();
  }
}

if (process.argv.includes("--floor")) {
  void floorServer();
} else {
  main().catch((err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
