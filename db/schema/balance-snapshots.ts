import { bigint, index, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { accountKindEnum } from "./enums";
import { merchants } from "./merchants";

/**
 * A balance account's inquiry-balance answer at a day boundary (00:00 UTC, a scheduled job), so a daily statement
 * can show the day's opening and closing balance: the gateway only ever tells the balance now.
 */
export const balanceSnapshots = pgTable(
  "balance_snapshots",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    kind: accountKindEnum("kind").notNull(),
    balanceMinor: bigint("balance_minor", { mode: "bigint" }).notNull(),
    availableMinor: bigint("available_minor", { mode: "bigint" }),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull(),
  },
  (t) => [unique("balance_snapshots_account_time").on(t.merchantId, t.currency, t.kind, t.takenAt), index("balance_snapshots_lookup").on(t.merchantId, t.currency, t.takenAt)],
);
