import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { closeDb } from "@/db";
import { embeddedRoleUrls } from "@/db/prepare-database";
import { resetEnvCache } from "@/lib/env";
import { stopQueue } from "@/lib/jobs/queue";

/** Every process whose environment carries this DATA_DIR: the app's process group(s), PostgreSQL included. */
export function appProcesses(dataDir: string): { pid: number; pgid: number }[] {
  const out: { pid: number; pgid: number }[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(`DATA_DIR=${dataDir}`)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      out.push({ pid: Number(name), pgid });
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/**
 * SIGKILL to every process group of the app started with this DATA_DIR (npm, start.ts with the sandbox gateway,
 * the web server and workers, PostgreSQL), then wait until they are reaped: PostgreSQL refuses to start while its
 * old postmaster's PID still exists. Returns how many processes there were, and how many are left (0 expected).
 */
export async function killWholeApp(dataDir: string): Promise<{ killed: number; left: number }> {
  const procs = appProcesses(dataDir);
  for (const pgid of new Set(procs.map((p) => p.pgid))) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  const exists = () => procs.filter((p) => existsSync(`/proc/${p.pid}`));
  for (let i = 0; i < 100 && exists().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return { killed: procs.length, left: appProcesses(dataDir).length };
}

/** This test process's database handle and job queue point at the app under test (owner role, as fixtures do). */
export async function useAppDatabase(dataDir: string): Promise<void> {
  await stopQueue();
  await closeDb();
  process.env.DATABASE_URL = embeddedRoleUrls(dataDir).ownerUrl;
  process.env.APP_ENCRYPTION_KEY = (JSON.parse(readFileSync(path.join(dataDir, "demo-secrets.json"), "utf8")) as { encryptionKey: string }).encryptionKey;
  resetEnvCache();
}
