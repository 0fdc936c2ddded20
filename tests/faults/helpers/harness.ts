import { postgresPrograms } from "@/db/embedded-programs";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { embeddedRoleUrls } from "@/db/prepare-database";
import { userCtx, type Ctx } from "@/lib/context";
import { resetEnvCache } from "@/lib/env";
import { stopQueue } from "@/lib/jobs/queue";
import { createPayout } from "@/lib/payouts/create-payout";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { launchApp, type LaunchedApp } from "../../../scripts/launch-app";

/**
 * One app of a fault scenario: `npm start` as the README runs it (scripts/launch-app.ts) with a DATA_DIR of its own,
 * so it can be SIGKILLed as a whole (process group: npm, start.ts with the sandbox gateway, the web server, the
 * embedded PostgreSQL) and its database stopped and started under it. The test process reaches the same database as
 * the owner role, as the e2e fixtures do.
 */
export const root = path.resolve(__dirname, "../../..");
/**
 * The PostgreSQL programs the app runs (db/embedded-programs.ts): as root, the shared copy when the clone lies under a
 * folder the `postgres` user cannot enter (a 0700 home or temp folder), else the package's own.
 */
const pgCtlProgram = (asRoot: boolean) => path.join(postgresPrograms({ asRoot }).nativeDir, "bin", "pg_ctl");

/**
 * GATEWAY_TIMEOUT_MS (README, Configuration): 3 s instead of 15 s. A tenth of the requests are never answered, and a
 * dispatch batch waits for its slowest call, so the default would make the 1,000-pay-out run take ~12 minutes.
 */
export const FAULT_ENV = { GATEWAY_TIMEOUT_MS: "3000" };

export interface Secrets {
  merchantId: string;
  gatewayToken: string;
  encryptionKey: string;
  nextauthSecret: string;
  platformPrivateKey: string;
}

export class Harness {
  readonly dataDir: string;
  app: LaunchedApp | undefined;
  credId = 0;
  finance: Ctx | undefined;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string> = FAULT_ENV,
  ) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), `smilepayz-faults-${name}-`));
    chmodSync(this.dataDir, 0o755); // the embedded PostgreSQL runs as the `postgres` user when we are root
  }

  get secrets(): Secrets {
    return JSON.parse(readFileSync(path.join(this.dataDir, "demo-secrets.json"), "utf8")) as Secrets;
  }
  get gatewayUrl(): string {
    if (!this.app) throw new Error("app not started");
    return this.app.gatewayUrl;
  }
  get baseUrl(): string {
    if (!this.app) throw new Error("app not started");
    return this.app.baseUrl;
  }

  async start(): Promise<LaunchedApp> {
    this.app = await launchApp({ root, dataDir: this.dataDir, env: this.env });
    await stopQueue().catch(() => undefined);
    await closeDb().catch(() => undefined);
    process.env.DATABASE_URL = embeddedRoleUrls(this.dataDir).ownerUrl;
    process.env.APP_ENCRYPTION_KEY = this.secrets.encryptionKey;
    process.env.NEXTAUTH_SECRET = this.secrets.nextauthSecret;
    resetEnvCache();
    return this.app;
  }

  /**
   * The demo credential and finance user; the credential's processing window (the credential form's field) set to
   * 5 s instead of the region's 3 minutes, so reconciliation finishes what callbacks do not within CI time.
   */
  async prepare(): Promise<void> {
    const [cred] = await this.q<{ id: string }>(sql`select id::text from merchants where merchant_id = ${this.secrets.merchantId}`);
    const [fin] = await this.q<{ id: string; email: string; name: string }>(sql`select id::text, email, name from users where email = 'finance@demo.test'`);
    if (!cred || !fin) throw new Error("demo data missing");
    this.credId = Number(cred.id);
    await this.q(sql`update merchants set processing_window_s = 5 where id = ${this.credId}`);
    this.finance = userCtx(getDb(), { id: Number(fin.id), email: fin.email, name: fin.name, role: "finance", mustChangePassword: false, totpEnabled: true, sessionId: 0 });
  }

  async q<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
    return [...(await getDb().execute<T>(query))] as T[];
  }

  /** The control API of the sandbox gateway (README "The sandbox gateway"). */
  async control(method: string, p: string, body?: unknown): Promise<Response> {
    return fetch(`${this.gatewayUrl}${p}`, {
      method,
      headers: { authorization: `Bearer ${this.secrets.gatewayToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Pay-outs of THB 100 created as the finance user (no approval needed: they go straight to dispatch). */
  async createPayouts(n: number, tag: string): Promise<number[]> {
    const ctx = this.finance;
    if (!ctx) throw new Error("prepare() first");
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const input = createPayoutSchema.parse({ credentialId: this.credId, region: "TH", method: "KBANK", account: String(1_000_000_000 + i), amount: "100", purpose: `${tag} ${i}` });
      ids.push((await createPayout({ ctx: { ...ctx, db: getDb() }, input, idempotencyKey: `${tag}-${i}` })).payout.id);
    }
    return ids;
  }

  /** Every process whose environment carries this DATA_DIR: the app's process group(s), PostgreSQL included. */
  processes(): { pid: number; pgid: number }[] {
    const out: { pid: number; pgid: number }[] = [];
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        if (!readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(`DATA_DIR=${this.dataDir}`)) continue;
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        out.push({ pid: Number(name), pgid: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) });
      } catch {
        // gone, or not ours to read
      }
    }
    return out;
  }

  /** SIGKILL to every process group of the app; resolves once all are reaped. Returns how many processes died. */
  async killWhole(): Promise<number> {
    const procs = this.processes();
    for (const pgid of new Set(procs.map((p) => p.pgid))) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    // Gone means reaped: PostgreSQL refuses to start while its old postmaster's PID still exists.
    for (let i = 0; i < 100 && procs.some((p) => existsSync(`/proc/${p.pid}`)); i++) await new Promise((r) => setTimeout(r, 100));
    await stopQueue().catch(() => undefined);
    await closeDb().catch(() => undefined);
    return procs.length;
  }

  private pgCtl(args: string[]): { ok: boolean; out: string } {
    const cluster = path.join(this.dataDir, "postgres");
    // As root the cluster belongs to the `postgres` user (db/embedded.ts); pg_ctl must run as that user.
    const asRoot = process.getuid?.() === 0;
    const pgCtl = pgCtlProgram(asRoot);
    const [cmd, full] = asRoot ? ["runuser", ["-u", "postgres", "--", pgCtl, "-D", cluster, ...args]] : [pgCtl, ["-D", cluster, ...args]];
    const r = spawnSync(cmd, full, { encoding: "utf8", env: { ...process.env, DATA_DIR: this.dataDir }, timeout: 60_000 });
    return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
  }

  /** `pg_ctl stop -m fast`: sessions are ended, the server shuts down cleanly; the app keeps running. */
  stopDatabase(): void {
    const r = this.pgCtl(["stop", "-m", "fast", "-w"]);
    if (!r.ok) throw new Error(`pg_ctl stop failed: ${r.out}`);
  }

  /** Start the same cluster on the same port with the flags db/embedded.ts gives it. */
  startDatabase(): void {
    const port = readFileSync(path.join(this.dataDir, "postgres.port"), "utf8").trim();
    const log = path.join(this.dataDir, "postgres", "restart.log");
    const r = this.pgCtl(["start", "-w", "-l", log, "-o", `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`]);
    if (!r.ok) throw new Error(`pg_ctl start failed: ${r.out}`);
  }

  async stop(): Promise<void> {
    await stopQueue().catch(() => undefined);
    await closeDb().catch(() => undefined);
    await this.app?.stop();
    // A database started by startDatabase() is not in the app's process group.
    if (existsSync(path.join(this.dataDir, "postgres", "postmaster.pid"))) this.pgCtl(["stop", "-m", "immediate", "-w"]);
    if (process.env.KEEP_E2E_DATA !== "1") rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A small seeded PRNG (mulberry32): the same FAULTS_SEED draws the same fault for the same pay-out. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
