import { relations, sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { payoutStatusEnum, regionEnum } from "./enums";
import { merchants } from "./merchants";
import { payoutBatches } from "./payout-batches";
import { users } from "./users";

/**
 * A pay-out, stored with its orderNo before the gateway is called (the orderNo is the idempotency key of the
 * payment: a retry reuses it). Lifecycle and final statuses: see payoutStatusEnum.
 */
export const payouts = pgTable(
  "payouts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id),
    region: regionEnum("region").notNull(),
    orderNo: text("order_no").notNull(),
    tradeNo: text("trade_no").unique(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    paymentMethod: text("payment_method").notNull(),
    cashAccount: text("cash_account").notNull(),
    receiverName: text("receiver_name"),
    taxNumber: text("tax_number"),
    network: text("network"),
    purpose: text("purpose").notNull(),
    subMerchantId: text("sub_merchant_id"),
    status: payoutStatusEnum("status").notNull(),
    gatewayStatus: text("gateway_status"),
    gatewayCode: text("gateway_code"),
    gatewayMessage: text("gateway_message"),
    batchId: bigint("batch_id", { mode: "number" }).references(() => payoutBatches.id),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    approvedBy: bigint("approved_by", { mode: "number" }).references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    finalAt: timestamp("final_at", { withTimezone: true }),
    version: integer("version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("payouts_merchant_order_no").on(t.merchantId, t.orderNo),
    index("payouts_order_no").on(t.orderNo),
    index("payouts_status_created").on(t.status, t.createdAt),
    index("payouts_merchant_created").on(t.merchantId, t.createdAt),
    index("payouts_batch").on(t.batchId),
    check("payouts_amount_positive", sql`${t.amountMinor} > 0`),
    check("payouts_order_no_format", sql`${t.orderNo} ~ '^[A-Za-z0-9]{6,32}$'`),
  ],
);

export const payoutsRelations = relations(payouts, ({ one }) => ({
  merchant: one(merchants, { fields: [payouts.merchantId], references: [merchants.id] }),
  batch: one(payoutBatches, { fields: [payouts.batchId], references: [payoutBatches.id] }),
}));
