/**
 * The main command (`npm start`): one process that brings up everything a new user needs.
 *   1. the database: DATABASE_URL, or an embedded PostgreSQL under DATA_DIR;
 *   2. migrations; 3. the sandbox gateway with the demo merchant registered;
 *   4. demo data (merchant credential pointing at the gateway, one user per role);
 *   5. a production build when there is none, then `next start` (or `next dev` with --dev) behind scripts/serve.mjs,
 *      and beside it the confirmation process (scripts/confirm-worker.ts) that confirms callbacks for it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { isPostgresClosedWriteThrow } from "@/db/reconnect";
import { resolveDatabaseUrl } from "@/db/resolve-database";
import { prepareDatabase, rolePasswords } from "@/db/prepare-database";
import { installJobs } from "@/lib/jobs/start-jobs";
import { closeDb } from "@/db";
import { env, resetEnvCache } from "@/lib/env";
import { loadDemoSecrets } from "@/lib/demo/demo-secrets";
import { seedDemo, DEMO_USERS, type DemoAccount } from "@/lib/demo/seed-demo";
import { startSandboxGateway } from "@/sandbox-gateway";
import { confirmWorkerArgs, webServerArgs } from "./lib/app-processes";

const dev = process.argv.includes("--dev");
const root = path.resolve(import.meta.dirname, "..");
const log = (msg: string) => console.log(`[start] ${msg}`);

async function main() {
  const e0 = env();
  const secrets = loadDemoSecrets(e0);
  process.env.APP_ENCRYPTION_KEY ??= secrets.encryptionKey;
  process.env.NEXTAUTH_SECRET ??= secrets.nextauthSecret;

  // The web server and the gateway bind their ports later: the embedded database must not take either meanwhile.
  const db = await resolveDatabaseUrl({ databaseUrl: e0.DATABASE_URL, dataDir: path.resolve(e0.DATA_DIR), avoidPorts: [e0.PORT, e0.SANDBOX_GATEWAY_PORT] });
  // Roles, migrations (as the owner), the job queue's schema and the app role's grants.
  const prepared = await prepareDatabase(
    db.embedded
      ? { superUrl: db.url, passwords: rolePasswords(path.resolve(e0.DATA_DIR)), installJobs }
      : { appUrl: db.url, migrationUrl: e0.DATABASE_MIGRATION_URL, installJobs },
  );
  process.env.DATABASE_URL = prepared.appUrl;
  const appUrl = e0.APP_BASE_URL ?? `http://${e0.HOSTNAME}:${e0.PORT}`;
  process.env.APP_BASE_URL = appUrl;
  process.env.NEXTAUTH_URL ??= appUrl;
  resetEnvCache();
  const e = env();
  log(`database: ${db.embedded ? "embedded PostgreSQL" : "DATABASE_URL"} (${redactUrl(prepared.appUrl)})`);
  if (db.where) log(`  embedded PostgreSQL ${db.where}`);
  log(
    prepared.roles === "separate"
      ? `migrations applied as ${new URL(prepared.ownerUrl).username}; the app connects as ${new URL(prepared.appUrl).username}`
      : "migrations applied; requests use the same role (set DATABASE_MIGRATION_URL to migrate as an owner role)",
  );

  let gateway: { url: string; close(): Promise<void> } | undefined;
  let accounts: DemoAccount[] = [];
  // On by default only for the demo (embedded database); a deployment with DATABASE_URL must ask for it.
  const gatewayOn = e.SANDBOX_GATEWAY_ENABLED ? e.SANDBOX_GATEWAY_ENABLED === "true" : db.embedded;
  if (gatewayOn) {
    gateway = await startSandboxGateway({
      databaseUrl: prepared.ownerUrl,
      port: e.SANDBOX_GATEWAY_PORT,
      host: e.SANDBOX_GATEWAY_HOST,
      platformPrivateKey: secrets.platformPrivateKey,
      controlToken: secrets.gatewayToken,
    });
    const res = await fetch(`${gateway.url}/sandbox/merchants/${encodeURIComponent(secrets.merchantId)}`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${secrets.gatewayToken}` },
      body: JSON.stringify({ merchantSecret: secrets.merchantSecret, publicKey: secrets.merchantPublicKey, name: "Demo Merchant" }),
    });
    if (!res.ok) throw new Error(`sandbox gateway refused the demo merchant: HTTP ${res.status}`);
    accounts = ((await res.json()) as { accounts: DemoAccount[] }).accounts;
    log(`sandbox gateway: ${gateway.url} (demo merchant ${secrets.merchantId} registered)`);
    const kept = e.SANDBOX_GATEWAY_TOKEN ? "SANDBOX_GATEWAY_TOKEN" : `kept in ${path.join(e.DATA_DIR, "demo-secrets.json")}`;
    log(`  control API token (${kept}): ${secrets.gatewayToken}`);
    log(`  e.g. curl -H 'Authorization: Bearer ${secrets.gatewayToken}' ${gateway.url}/sandbox/scenarios`);
  } else {
    const why = e.SANDBOX_GATEWAY_ENABLED === "false" ? "SANDBOX_GATEWAY_ENABLED=false" : "DATABASE_URL is set; SANDBOX_GATEWAY_ENABLED=true starts it";
    log(`sandbox gateway off (${why})`);
  }
  // The one decision of "is the bundled sandbox on, and where", handed to this process (demo seeding) and to every
  // child (the web server and its workers) through the environment they inherit. Cleared when off, so a stale
  // value from the shell can never make another address look like the bundled sandbox.
  if (gateway) process.env.SANDBOX_GATEWAY_URL = gateway.url;
  else delete process.env.SANDBOX_GATEWAY_URL;
  resetEnvCache();

  const baseUrl = e.DEMO_CREDENTIAL_BASE_URL ?? gateway?.url;
  if (!baseUrl) {
    throw new Error("The sandbox gateway is off: set SANDBOX_GATEWAY_ENABLED=true, or DEMO_CREDENTIAL_BASE_URL to point the demo credential at another gateway");
  }
  const seeded = await seedDemo({ secrets, baseUrl, callbackBaseUrl: appUrl, accounts });
  await closeDb();
  log(`demo merchant credential → ${baseUrl}${seeded.createdUsers ? "; demo users created" : ""}`);

  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  let stopping = false;
  if (!dev && !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    log("no production build yet: running next build (first start only)");
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: childEnv() });
    if (build.status !== 0) throw new Error("next build failed");
  }

  // scripts/serve.mjs: Next behind the server that pins the client address, refuses cross-site writes and caps bodies.
  // SERVE_NODE_ARGS (scripts/bench-request.ts: --cpu-prof …) are node flags for the server process only.
  const serveArgs = (process.env.SERVE_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, webServerArgs(root, { nodeArgs: serveArgs, dev }), {
    cwd: root,
    stdio: "inherit",
    env: { ...childEnv(), PORT: String(e.PORT), HOSTNAME: e.HOSTNAME, CALLBACK_CONFIRMATIONS: "worker" },
  });
  // The confirmation process (scripts/confirm-worker.ts): the web server above leaves confirmations to it. Started
  // again a second after it stops unasked, so a crash delays confirmations (their jobs wait in the queue) and loses none.
  let worker: ChildProcess | undefined;
  const startWorker = () => {
    worker = spawn(process.execPath, confirmWorkerArgs(root), {
      cwd: root,
      stdio: "inherit",
      env: { ...childEnv(), CALLBACK_CONFIRMATIONS: "worker" },
    });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      log(`confirmation worker stopped (${signal ?? `exit ${code}`}); starting it again in 1 s`);
      setTimeout(() => stopping || startWorker(), 1_000).unref();
    });
  };
  startWorker();
  log(`app: ${appUrl}`);
  for (const u of DEMO_USERS) log(`  demo login ${u.role.padEnd(8)} ${u.email} / ${u.password}`);

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill("SIGTERM");
    worker?.kill("SIGTERM");
    await gateway?.close().catch(() => undefined);
    await db.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 0));
}

function childEnv(): NodeJS.ProcessEnv {
  // NODE_OPTIONS from this process (tsx, react-server condition) must not leak into Next.
  // The migration (owner) URL stays here: the app's processes hold only the app role's.
  const { NODE_OPTIONS: _drop, DATABASE_MIGRATION_URL: _owner, SERVE_NODE_ARGS: _args, ...rest } = process.env;
  return { ...rest, NODE_ENV: dev ? "development" : "production" };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/**
 * postgres.js's throw from a timer under a closing connection (db/reconnect.ts isPostgresClosedWriteThrow): a
 * restarting database must not take the supervisor and the sandbox gateway down with it.
 */
process.on("uncaughtException", (err) => {
  if (isPostgresClosedWriteThrow(err)) {
    console.error("[start] a database connection closed under a pending write (postgres.js); carrying on");
    return;
  }
  console.error(err);
  process.exit(1);
});

main().catch((err: unknown) => {
  console.error(`[start] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
