import { bigint, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { merchants } from "./merchants";
import { users } from "./users";

/** The merchants a user may see (unless users.all_merchants). No rows: the user sees no merchant data. */
export const userMerchants = pgTable(
  "user_merchants",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.merchantId] })],
);
