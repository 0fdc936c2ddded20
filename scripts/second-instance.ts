import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { embeddedRoleUrls } from "../db/prepare-database";
import { freePort } from "../db/free-port";
import { readmeEnv } from "./launch-app";
import { webServerArgs } from "./lib/app-processes";

/**
 * A second web server on the database of an app `npm start` runs (scripts/launch-app.ts), as a second instance of a
 * deployment would be: the same scripts/serve.mjs on its own port, with what `npm start` hands its own server and
 * nothing else. From that app's DATA_DIR: the app role's DATABASE_URL, the encryption key and session secret (a
 * deployment's instances share both), and the bundled sandbox's address npm start decided (SANDBOX_GATEWAY_URL).
 * Used by the browser suite (tests/e2e/live.e2e.ts) and `npm run bench:live`.
 */
export interface Instance {
  baseUrl: string;
  port: number;
  /** SIGKILL: the stream is cut as by a crash; `start()` brings a new process up on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  pid(): number | undefined;
}

export async function secondInstance(opts: { root: string; dataDir: string; gatewayUrl: string; port?: number; env?: Record<string, string> }): Promise<Instance> {
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const secrets = JSON.parse(readFileSync(path.join(opts.dataDir, "demo-secrets.json"), "utf8")) as { encryptionKey: string; nextauthSecret: string };
  const env = {
    ...readmeEnv({ dataDir: opts.dataDir, port, gatewayPort: Number(new URL(opts.gatewayUrl).port) }),
    DATABASE_URL: embeddedRoleUrls(opts.dataDir).appUrl,
    APP_ENCRYPTION_KEY: secrets.encryptionKey,
    NEXTAUTH_SECRET: secrets.nextauthSecret,
    NEXTAUTH_URL: baseUrl,
    APP_BASE_URL: baseUrl,
    SANDBOX_GATEWAY_URL: opts.gatewayUrl,
    HOSTNAME: "127.0.0.1",
    NODE_ENV: "production",
    // As npm start hands its own web server (scripts/start.ts): the callbacks this one stores are confirmed by the
    // confirmation process, which any web server on the database wakes by NOTIFY.
    CALLBACK_CONFIRMATIONS: "worker",
    ...opts.env,
  };
  let child: ChildProcess | undefined;
  const logFile = path.join(opts.dataDir, `instance-${port}.log`);
  const start = async () => {
    const out = openSync(logFile, "a");
    child = spawn(process.execPath, webServerArgs(opts.root), { cwd: opts.root, stdio: ["ignore", out, out], env: env as NodeJS.ProcessEnv });
    closeSync(out);
    const deadline = Date.now() + 120_000;
    while (!(await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`second instance did not start:\n${readFileSync(logFile, "utf8").slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await gone;
  };
  await start();
  return { baseUrl, port, kill, start, pid: () => child?.pid };
}
