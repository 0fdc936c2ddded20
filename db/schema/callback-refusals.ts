import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { callbackOutcomeEnum } from "./enums";

/**
 * Refused callbacks, counted per source address, minute and reason: what an anonymous client can make the app
 * write is one row per address, minute and reason, plus the first few bodies (samples) in `callbacks`.
 * Purged with the refused callbacks after CALLBACK_REFUSAL_RETENTION_DAYS (lib/jobs/handlers/purge-callback-refusals.ts).
 */
export const callbackRefusals = pgTable(
  "callback_refusals",
  {
    /** The peer address (lib/auth/client-info.ts); "" when the request had none. */
    remoteIp: text("remote_ip").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    reason: callbackOutcomeEnum("reason").notNull(),
    count: integer("count").notNull().default(0),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "callback_refusals_pk", columns: [t.remoteIp, t.minute, t.reason] })],
);
