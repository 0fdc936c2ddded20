/**
 * The benches' one start-up: a fresh database (migrated), the sandbox gateway with a merchant registered and the
 * credential the app stores for it, or the app itself started by scripts/start.ts as `npm start` starts it.
 * Each bench measures; this sets the stage and takes it down again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createDb, type Db } from "@/db";
import { startEmbeddedPostgres, type EmbeddedHandle } from "@/db/embedded";
import { freePort } from "@/db/free-port";
import { migrateDatabase } from "@/db/migrate";
import { ensureDatabase } from "@/db/resolve-database";
import { createScratchDatabase, type ScratchDatabase } from "@/db/scratch-database";
import { merchants } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetEnvCache } from "@/lib/env";
import { stopQueue } from "@/lib/jobs/queue";
import { merchantSecretAad, privateKeyAad } from "@/lib/merchants/secret-aad";
import { startSandboxGateway, type SandboxGateway } from "@/sandbox-gateway";

const root = path.resolve(import.meta.dirname, "..");

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh `smilepayz_bench_*` database, migrated, on `server` (default DATABASE_URL's server, else an embedded
 * PostgreSQL under .test-data/bench). `drop()` removes it (and stops the embedded server).
 */
export async function benchDatabase(server: string | undefined = process.env.DATABASE_URL): Promise<BenchDatabase> {
  let embedded: EmbeddedHandle | undefined;
  if (!server) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(".test-data/bench") });
    server = embedded.url;
  }
  const adminUrl = server;
  const name = `smilepayz_bench_${Date.now()}`;
  const url = await ensureDatabase(adminUrl, name);
  await migrateDatabase(url);
  return {
    url,
    async drop() {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}

/** A fresh APP_ENCRYPTION_KEY and the given settings in this process's environment, re-read; returns the key. */
export function benchEnv(extra: Record<string, string> = {}): string {
  const key = randomBytes(32).toString("base64");
  Object.assign(process.env, { APP_ENCRYPTION_KEY: key }, extra);
  resetEnvCache();
  return key;
}

export const pemPair = () =>
  generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

/** A credential as an admin would store it (secret and private key encrypted with the app's key). */
export async function storeBenchCredential(
  db: Db,
  c: { merchantId: string; merchantSecret: string; privateKey: string; platformPublicKey: string; baseUrl: string },
) {
  const [m] = await db
    .insert(merchants)
    .values({
      merchantId: c.merchantId,
      name: "Bench merchant",
      environment: "custom",
      customBaseUrl: c.baseUrl,
      merchantSecretEnc: encryptSecret(c.merchantSecret, merchantSecretAad(c.merchantId)),
      merchantSecretLast4: c.merchantSecret.slice(-4),
      privateKeyEnc: encryptSecret(c.privateKey, privateKeyAad(c.merchantId)),
      platformPublicKey: c.platformPublicKey,
    })
    .returning();
  if (!m) throw new Error("bench credential not stored");
  return m;
}

export interface SandboxBench {
  url: string;
  db: Db;
  gw: SandboxGateway;
  credential: Awaited<ReturnType<typeof storeBenchCredential>>;
  merchantId: string;
  close(): Promise<void>;
}

/**
 * In this process: a bench database, the sandbox gateway on it (fates an hour away, so nothing settles by itself),
 * a merchant registered there and its credential in the app, pointed at the gateway. `env`: settings on top.
 */
export async function benchWithSandbox(opts: { pool?: number; env?: Record<string, string> } = {}): Promise<SandboxBench> {
  const bench = await benchDatabase();
  benchEnv({ DATABASE_URL: bench.url, ...opts.env });
  const platform = pemPair();
  const merchant = pemPair();
  const controlToken = randomBytes(24).toString("hex");
  const gw = await startSandboxGateway({
    databaseUrl: bench.url,
    port: 0,
    platformPrivateKey: platform.privateKey,
    controlToken,
    defaults: { successRate: 1, failRate: 0, minDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
  });
  // The credential points at the bundled sandbox gateway, the only http:// target the URL policy lets through
  // (handed over the way npm start hands it to the app: scripts/start.ts).
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
  const handle = createDb(bench.url, opts.pool ?? 24);
  const credential = await storeBenchCredential(handle.db, {
    merchantId,
    merchantSecret,
    privateKey: merchant.privateKey,
    platformPublicKey: platform.publicKey,
    baseUrl: gw.url,
  });
  return {
    url: bench.url,
    db: handle.db,
    gw,
    credential,
    merchantId,
    async close() {
      await stopQueue();
      await gw.close();
      await handle.sql.end({ timeout: 5 });
      await bench.drop();
    },
  };
}

export interface BenchApp {
  base: string;
  child: ChildProcess;
  ownerUrl: string;
  appUrl: string;
  stop(): Promise<void>;
}

/**
 * The app as `npm start` runs it (scripts/start.ts, least-privilege app role, sandbox gateway on) on a scratch
 * database of DATABASE_URL's server, on free ports; resolves once /api/health answers.
 */
export async function startBenchApp(opts: {
  prefix: string;
  env?: Record<string, string>;
  /** A database to use instead of a fresh one (a bench's kept, seeded database), with its app's DATA_DIR. */
  database?: { scratch: ScratchDatabase; dataDir: string };
}): Promise<BenchApp> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("set DATABASE_URL to a local PostgreSQL server (a fresh database is made on it)");
  const scratch = opts.database?.scratch ?? (await createScratchDatabase(serverUrl, `smilepayz_${opts.prefix}`));
  const dataDir = opts.database?.dataDir ?? mkdtempSync(path.join(tmpdir(), `smilepayz-${opts.prefix}-`));
  chmodSync(dataDir, 0o755);
  const [port, gatewayPort] = [await freePort(), await freePort()];
  const logFile = path.join(dataDir, "app.log");
  const out = openSync(logFile, "a");
  const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      DATABASE_URL: scratch.appUrl,
      DATABASE_MIGRATION_URL: scratch.ownerUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      SANDBOX_GATEWAY_PORT: String(gatewayPort),
      SANDBOX_GATEWAY_ENABLED: "true",
      NODE_ENV: "production",
      ...opts.env,
    },
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    await scratch.drop();
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (!(await fetch(`${base}/api/health`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the app did not come up:\n${readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { base, child, ownerUrl: scratch.ownerUrl, appUrl: scratch.appUrl, stop };
}
