import { sql } from "drizzle-orm";
import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Failed and throttled sign-in attempts, counted per account, address and minute. An anonymous client decides how
 * many attempts arrive, so they are counted here and each closed minute becomes ONE audit row (lib/auth/
 * sign-in-failures.ts), instead of a permanent row per attempt. `account` is the e-mail of an existing user, or
 * '*' for e-mails that belong to nobody (a few of them kept in `emails`).
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    account: text("account").notNull(),
    ip: text("ip").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    userId: bigint("user_id", { mode: "number" }),
    attempts: integer("attempts").notNull(),
    /** { reason: count }: wrong_password, unknown_email, disabled, missing_code, wrong_code, reused_code, throttled_* */
    reasons: jsonb("reasons").$type<Record<string, number>>().notNull(),
    emails: text("emails").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.account, t.ip, t.minute] })],
);
