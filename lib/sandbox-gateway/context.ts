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
  /** Opening balance of a new merchant account, in wire units. */
  openingBalance: number;
  now: () => Date;
}
