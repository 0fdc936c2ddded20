import { bigint, pgTable, text, unique } from "drizzle-orm/pg-core";
import { accountKindEnum } from "./enums";
import { merchants } from "./merchants";

/** Balance account numbers of a merchant: one pay-in and one pay-out account per currency (inquiry-balance). */
export const merchantAccounts = pgTable(
  "merchant_accounts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    kind: accountKindEnum("kind").notNull(),
    accountNo: text("account_no").notNull(),
  },
  (t) => [unique("merchant_accounts_currency_kind").on(t.merchantId, t.currency, t.kind)],
);
