import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Keys for machines (lib/api-keys). Only the SHA-256 of a secret is kept (`secret_hash`; a secret is 32 random
 * bytes, so a plain hash is enough), never the secret. `prefix` is the public part every secret starts with,
 * shown in lists and used to find the key. A key acts through its own service identity (`service_user_id`: a
 * users row that can never sign in) whose merchants are the key's credentials. During a roll the old secret's hash
 * stays in `previous_secret_hash` until `previous_valid_until`.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    previousSecretHash: text("previous_secret_hash"),
    previousValidUntil: timestamp("previous_valid_until", { withTimezone: true }),
    scopes: text("scopes").array().notNull(),
    /** pending (a money scope waits for a second admin), active, revoked. */
    status: text("status").notNull().default("pending"),
    serviceUserId: bigint("service_user_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdBy: bigint("created_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: bigint("revoked_by", { mode: "number" }).references(() => users.id),
    rolledAt: timestamp("rolled_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    lastUsedIp: text("last_used_ip"),
    /** The clock minute the requests below were counted in (the per-key limit, shared by every instance). */
    minuteStart: timestamp("minute_start", { withTimezone: true }),
    minuteRequests: integer("minute_requests").notNull().default(0),
  },
  (t) => [
    uniqueIndex("api_keys_prefix").on(t.prefix),
    uniqueIndex("api_keys_service_user").on(t.serviceUserId),
    check("api_keys_status", sql`${t.status} in ('pending', 'active', 'revoked')`),
    check("api_keys_revoked", sql`(${t.status} = 'revoked') = (${t.revokedAt} is not null)`),
    check("api_keys_hash_shape", sql`${t.secretHash} ~ '^[0-9a-f]{64}$'`),
  ],
);
