import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import { preparedByDefault } from "./prepared-by-default";
import { reconnectBackoff } from "./reconnect";
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
const g = globalThis as unknown as { __smilepayzDb?: Handle; __smilepayzSearchDb?: Partial<Record<SearchPlan, Handle>> };

export function createDb(url: string, max = 10, opts: { settings?: Record<string, string>; prepare?: boolean } = {}): Handle {
  const sql = postgres(url, { max, prepare: opts.prepare ?? true, backoff: reconnectBackoff, onnotice: () => undefined, connection: { application_name: "smilepayz-backoffice", ...opts.settings } });
  return { db: drizzle(preparedByDefault(sql), { schema, casing: undefined }), sql, url };
}

function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it, for the embedded database too)");
  return url;
}

/** The app's database client (postgres.js pool + drizzle), for env().DATABASE_URL. */
export function getDb(): Db {
  const url = databaseUrl();
  if (!g.__smilepayzDb || g.__smilepayzDb.url !== url) g.__smilepayzDb = createDb(url);
  return g.__smilepayzDb.db;
}

/** How a search's statement is planned: once for all searches of its shape, or for each search's own values. */
export type SearchPlan = "generic" | "per-search";

/**
 * Two small pools for support's searches only (lib/orders/search-orders.ts). "generic": each prepared statement runs
 * its generic plan; id and account searches read by ranges of parameters that the indexes serve in any plan, and
 * planning the statement again for every search cost four times running it (0.75 against 0.17 ms of the database's
 * CPU on 1,000,000 orders). "per-search": nothing is prepared (each statement is unnamed, so PostgreSQL plans it for
 * its values, in the one round trip that runs it): a name is common or rare, and only a plan for that name knows.
 */
export function getSearchDb(plan: SearchPlan): Db {
  const url = databaseUrl();
  g.__smilepayzSearchDb ??= {};
  const pools = g.__smilepayzSearchDb;
  if (pools[plan]?.url !== url) {
    pools[plan] = plan === "generic" ? createDb(url, 4, { settings: { plan_cache_mode: "force_generic_plan" } }) : createDb(url, 4, { prepare: false });
  }
  const h = pools[plan];
  if (!h) throw new Error("no search pool");
  return h.db;
}

export async function closeDb(): Promise<void> {
  const handles = [g.__smilepayzDb, ...Object.values(g.__smilepayzSearchDb ?? {})];
  g.__smilepayzDb = g.__smilepayzSearchDb = undefined;
  await Promise.all(handles.map((h) => h?.sql.end({ timeout: 5 })));
}
