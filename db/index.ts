import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Queries and verbs take either, so a caller can pass its transaction. */
export type DbOrTx = Db | Tx;

interface Handle {
  db: Db;
  sql: postgres.Sql;
  url: string;
}

// Kept on globalThis so Next's dev-mode module reloads do not open a new pool each time.
const g = globalThis as unknown as { __smilepayzDb?: Handle };

export function createDb(url: string, max = 10): Handle {
  const sql = postgres(url, { max, onnotice: () => undefined, connection: { application_name: "smilepayz-backoffice" } });
  return { db: drizzle(sql, { schema, casing: undefined }), sql, url };
}

/** The app's database client (postgres.js pool + drizzle), for env().DATABASE_URL. */
export function getDb(): Db {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it, for the embedded database too)");
  if (!g.__smilepayzDb || g.__smilepayzDb.url !== url) g.__smilepayzDb = createDb(url);
  return g.__smilepayzDb.db;
}

export async function closeDb(): Promise<void> {
  const h = g.__smilepayzDb;
  g.__smilepayzDb = undefined;
  await h?.sql.end({ timeout: 5 });
}
