import "server-only";
import type { KeyObject } from "node:crypto";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { PgBoss } from "pg-boss";
import type { FateDefaults } from "./fate";

export interface GatewayContext {
  db: PostgresJsDatabase;
  boss: PgBoss;
  platformKey: KeyObject;
  defaults: FateDefaults;
  /** Public address of this gateway (cashier links). */
  url: () => string;
  /** Opening balance of a new merchant account, in major units (10_000_000 = PHP 10,000,000.00). */
  openingBalance: number;
  now: () => Date;
}
