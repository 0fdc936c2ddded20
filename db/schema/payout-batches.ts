import { bigint, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { batchStatusEnum } from "./enums";
import { merchants } from "./merchants";
import { users } from "./users";

/** A CSV upload of pay-outs; its sha256 lets the app warn before the same file is submitted twice. */
export const payoutBatches = pgTable("payout_batches", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  merchantId: bigint("merchant_id", { mode: "number" })
    .notNull()
    .references(() => merchants.id),
  fileName: text("file_name").notNull(),
  sha256: text("sha256").notNull(),
  rowCount: integer("row_count").notNull(),
  validCount: integer("valid_count").notNull(),
  status: batchStatusEnum("status").notNull(),
  createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
