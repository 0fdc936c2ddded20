import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { provisionRoles } from "@/db/roles";
import type { ScratchDatabase } from "@/db/scratch-database";

/** The one database the lookup bench keeps between runs (its 1,000,000 orders take minutes to write). */
export const KEPT_NAME = "smilepayz_benchlookup_kept";

/** Where the kept database's app keeps its DATA_DIR (demo secrets: the stored credential must stay readable). */
export const keptDataDir = () => {
  const dir = path.resolve(import.meta.dirname, "../../.test-data/bench-lookup-kept");
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
};

export async function keptDatabaseExists(serverUrl: string): Promise<boolean> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  try {
    return (await admin`select 1 from pg_database where datname = ${KEPT_NAME}`).length > 0;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * The kept database on a local server, made when missing, its two roles given fresh passwords (none is stored);
 * `drop()` leaves it in place. Remove it by hand: `drop database smilepayz_benchlookup_kept with (force)`.
 */
export async function keptDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const host = new URL(serverUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`refusing a non-local database (${host})`);
  if (!(await keptDatabaseExists(serverUrl))) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${KEPT_NAME}`).finally(() => admin.end({ timeout: 5 }));
  }
  const u = new URL(serverUrl);
  u.pathname = `/${KEPT_NAME}`;
  const { ownerUrl, appUrl } = await provisionRoles(
    u.toString(),
    { owner: `${KEPT_NAME}_owner`, app: `${KEPT_NAME}_app` },
    { owner: randomBytes(16).toString("hex"), app: randomBytes(16).toString("hex") },
  );
  return { name: KEPT_NAME, ownerUrl, appUrl, drop: async () => undefined };
}
