import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Failed sign-in counters per key (`acct:<email>`, `ip:<address>`), shared by every app instance. */
export const authRateLimits = pgTable("auth_rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});
