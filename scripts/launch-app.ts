import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { freePort } from "../db/free-port";

/**
 * Starts the app the way the README tells a new user to: `npm start`, with no DATABASE_URL (the embedded
 * PostgreSQL), the bundled sandbox gateway and the demo logins. The browser suite and CI's smoke test use this, so
 * what they prove is what a user runs.
 *
 * The environment is the shell's basics only; every setting of lib/env.ts a caller's shell may carry (CI exports
 * DATABASE_URL for the unit tests) is left out. Three settings are added, each one the README documents:
 *   DATA_DIR  a throw-away folder, so a run never reuses another run's database or secrets;
 *   PORT, SANDBOX_GATEWAY_PORT  free ports, so runs and a developer's own `npm start` can coexist.
 */
const SHELL_BASICS = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR", "TERM"];

export interface LaunchedApp {
  baseUrl: string;
  /** The sandbox gateway's address, as `npm start` printed it. */
  gatewayUrl: string;
  dataDir: string;
  logFile: string;
  /** Milliseconds from spawn to the first healthy answer. */
  startMs: number;
  stop(): Promise<void>;
}

export function readmeEnv(over: { dataDir: string; port: number; gatewayPort: number }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SHELL_BASICS) {
    const v = process.env[k];
    if (v !== undefined) out[k] = v;
  }
  return { ...out, DATA_DIR: over.dataDir, PORT: String(over.port), SANDBOX_GATEWAY_PORT: String(over.gatewayPort) };
}

/** `env`: settings of the README's Configuration table a caller needs on top (each caller says why). */
export async function launchApp(opts: { root: string; dataDir: string; timeoutMs?: number; env?: Record<string, string> }): Promise<LaunchedApp> {
  const [port, gatewayPort] = [await freePort(), await freePort()];
  const logFile = path.join(opts.dataDir, "app.log");
  const out = openSync(logFile, "a");
  // A restart appends to the same log: only what this start wrote names its gateway.
  const logStart = statSync(logFile).size;
  const t0 = Date.now();
  // Its own process group (detached), so stopping it stops npm, scripts/start.ts, the server and PostgreSQL.
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: opts.root,
    stdio: ["ignore", out, out],
    detached: true,
    // Next's types declare NODE_ENV required; `npm start` runs without it, as from a user's shell.
    env: { ...readmeEnv({ dataDir: opts.dataDir, port, gatewayPort }), ...opts.env } as NodeJS.ProcessEnv,
  });
  closeSync(out);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  const tail = () => readFileSync(logFile, "utf8").split("\n").slice(-60).join("\n");
  for (;;) {
    if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false)) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not come up on ${baseUrl}:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const gatewayUrl = /sandbox gateway: (http\S+)/.exec(readFileSync(logFile).subarray(logStart).toString("utf8"))?.[1];
  if (!gatewayUrl) {
    await stop();
    throw new Error(`npm start did not start the sandbox gateway:\n${tail()}`);
  }
  return { baseUrl, gatewayUrl, dataDir: opts.dataDir, logFile, startMs: Date.now() - t0, stop };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 60 && alive(); i++) await new Promise((r) => setTimeout(r, 250));
  if (alive()) process.kill(-pid, "SIGKILL");
}
