import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { freePort, startEmbeddedPostgres, type EmbeddedHandle } from "@/db/embedded";

/**
 * Starts the app exactly as a user does (`scripts/start.ts`: migrations, sandbox gateway, demo data,
 * `next start`) on free ports and a fresh database, and hands its addresses to the tests. Refuses a
 * non-local database (Dub's playwright.config.ts does the same).
 */
declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    gatewayUrl: string;
    dataDir: string;
    e2eDatabaseUrl: string;
    logFile: string;
  }
}

const root = path.resolve(__dirname, "../..");

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

function ensureBuild() {
  const id = path.join(root, ".next", "BUILD_ID");
  const sources = Math.max(...["app", "components", "lib", "db"].map((d) => newest(path.join(root, d))));
  if (existsSync(id) && statSync(id).mtimeMs > sources) return;
  const res = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (res.status !== 0) throw new Error("next build failed");
}

export default async function setup(project: TestProject) {
  ensureBuild();
  let embedded: EmbeddedHandle | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(root, ".test-data/embedded-e2e") });
    serverUrl = embedded.url;
  }
  const host = new URL(serverUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`refusing a non-local database (${host})`);
  const name = `smilepayz_e2e_${Date.now()}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const databaseUrl = u.toString();

  const dataDir = mkdtempSync(path.join(tmpdir(), "smilepayz-e2e-"));
  chmodSync(dataDir, 0o755);
  const [port, gatewayPort] = [await freePort(), await freePort()];
  const logFile = path.join(dataDir, "app.log");
  const out = openSync(logFile, "a");
  const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    stdio: ["ignore", out, out],
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: String(port), SANDBOX_GATEWAY_PORT: String(gatewayPort), NODE_ENV: "production" },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      const tail = readFileSync(logFile, "utf8").split("\n").slice(-50).join("\n");
      throw new Error(`the app did not come up:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("gatewayUrl", `http://127.0.0.1:${gatewayPort}`);
  project.provide("dataDir", dataDir);
  project.provide("e2eDatabaseUrl", databaseUrl);
  project.provide("logFile", logFile);

  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end({ timeout: 5 });
    await embedded?.stop();
  };
}
