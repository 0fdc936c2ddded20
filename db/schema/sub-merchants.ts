import { bigint, pgTable, text, unique } from "drizzle-orm/pg-core";
import { merchants } from "./merchants";

export const subMerchants = pgTable(
  "sub_merchants",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    subMerchantId: text("sub_merchant_id").notNull(),
    name: text("name").notNull(),
  },
  (t) => [unique("sub_merchants_merchant_sub").on(t.merchantId, t.subMerchantId)],
);
