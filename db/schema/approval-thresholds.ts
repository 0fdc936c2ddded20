import { sql } from "drizzle-orm";
import { bigint, check, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { merchants } from "./merchants";

/**
 * Maker-checker: per credential and currency, the amount (minor units) at or above which a pay-out waits for a
 * second person. No row for a currency: every pay-out in it needs approval (fail closed).
 */
export const approvalThresholds = pgTable(
  "approval_thresholds",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    minAmountMinor: bigint("min_amount_minor", { mode: "bigint" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("approval_thresholds_merchant_currency").on(t.merchantId, t.currency),
    check("approval_thresholds_non_negative", sql`${t.minAmountMinor} >= 0`),
  ],
);
