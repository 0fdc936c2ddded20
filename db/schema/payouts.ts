import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { payoutStatusEnum, regionEnum } from "./enums";
import { merchants } from "./merchants";
import { beneficiaries } from "./beneficiaries";
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
    /** The name lower-case and unaccented (search_fold, migration *_h20_sql), stored: support's search reads it. */
    receiverNameFolded: text("receiver_name_folded").generatedAlwaysAs(sql`search_fold(receiver_name)`),
    taxNumber: text("tax_number"),
    network: text("network"),
    /**
     * Who is paid, one string whatever the spelling (the region's payout.beneficiaryKey, lib/smilepayz/regions):
     * the 24-hour total toward the approval threshold and run duplicates compare it. Holds a full account or tax
     * number: never shown or returned where the account is masked.
     */
    beneficiaryKey: text("beneficiary_key").notNull(),
    /** The saved payee it was paid to by id (its details copied as they were then); null when typed in. */
    beneficiaryId: bigint("beneficiary_id", { mode: "number" }).references(() => beneficiaries.id),
    purpose: text("purpose").notNull(),
    subMerchantId: text("sub_merchant_id"),
    status: payoutStatusEnum("status").notNull(),
    gatewayStatus: text("gateway_status"),
    gatewayCode: text("gateway_code"),
    gatewayMessage: text("gateway_message"),
    batchId: bigint("batch_id", { mode: "number" }).references(() => payoutBatches.id),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    /** The client's Idempotency-Key (per creator) and a hash of its request: a retry returns the same pay-out. */
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    /** SHA-256 of what an approver must see (credential, amount, currency, beneficiary); see lib/payouts/content-hash.ts. */
    contentHash: text("content_hash").notNull(),
    approvalRequired: boolean("approval_required").notNull().default(false),
    approvedBy: bigint("approved_by", { mode: "number" }).references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    /** The content hash the approver saw; dispatch refuses a pay-out whose content no longer matches it. */
    approvedHash: text("approved_hash"),
    /**
     * HMAC of what was approved (content, purpose, orderNo, run) under a key the database does not hold
     * (lib/payouts/approval-seal.ts); set when the pay-out becomes APPROVED. Dispatch sends nothing it does not cover.
     */
    approvalSeal: text("approval_seal"),
    rejectedBy: bigint("rejected_by", { mode: "number" }).references(() => users.id),
    rejectReason: text("reject_reason"),
    inquiryCount: integer("inquiry_count").notNull().default(0),
    lastInquiryAt: timestamp("last_inquiry_at", { withTimezone: true }),
    /** Set when something needs a person: a conflicting callback, an order the gateway cannot find. */
    flaggedAt: timestamp("flagged_at", { withTimezone: true }),
    flagReason: text("flag_reason"),
    /** When reconciliation may ask inquiry-status next (null: the credential's window after sentAt); claimed by the sweep. */
    nextCheckAt: timestamp("next_check_at", { withTimezone: true }),
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
    // The beneficiary's last 24 hours (lib/payouts/approval-need.ts, runs' duplicates): credential, currency, key, window.
    index("payouts_beneficiary_window").on(t.merchantId, t.currency, t.beneficiaryKey, t.createdAt),
    index("payouts_batch").on(t.batchId),
    index("payouts_beneficiary").on(t.beneficiaryId).where(sql`${t.beneficiaryId} is not null`),
    // Newest first (lists, keyset paging); its merchant and folded name too, so support's name search walks it back
    // without reading a row (an index-only scan; lib/orders/search-orders.ts).
    index("payouts_created_id").on(t.createdAt, t.id, t.merchantId, t.receiverNameFolded),
    // The overview: today per region, the last 24 h of final orders, what is flagged.
    index("payouts_region_created").on(t.region, t.createdAt),
    index("payouts_final_at").on(t.finalAt).where(sql`${t.finalAt} is not null`),
    index("payouts_flagged").on(t.flaggedAt).where(sql`${t.flaggedAt} is not null`),
    // Reconciliation: only the open orders, so the sweep's scan stays small however many orders are final. Keyed by
    // id, not next_check_at: the sweep filters on an expression of it anyway, and a column no index reads lets an
    // ask's own writes (next_check_at, last_inquiry_at, inquiry_count) update the row in place (migration 0030).
    index("payouts_open_check").on(t.id).where(sql`${t.status} in ('SENDING', 'PROCESSING', 'UNKNOWN') and ${t.flaggedAt} is null`),
    // Support's search (lib/orders/search-orders.ts): id prefixes in any case (upper() of both sides), an account's
    // last digits, a name without case or accents. Each prefix index carries what its arm of the search reads (time,
    // id, merchant, the column itself), so a prefix matching thousands is an index-only scan, no row read.
    index("payouts_order_no_upper").using("btree", sql`upper(${t.orderNo}) text_pattern_ops`, t.createdAt, t.id, t.merchantId, t.orderNo),
    index("payouts_trade_no_upper").using("btree", sql`upper(${t.tradeNo}) text_pattern_ops`, t.createdAt, t.id, t.merchantId, t.tradeNo),
    index("payouts_account_rev").using("btree", sql`reverse(${t.cashAccount}) text_pattern_ops`, t.createdAt, t.id, t.merchantId, t.cashAccount),
    // The folded name keeps 1,000 statistics values (migration 0029): the search's choice of plan follows the data.
    index("payouts_name_trgm").using("gin", t.receiverNameFolded.op("gin_trgm_ops")),
    uniqueIndex("payouts_idempotency").on(t.createdBy, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    check("payouts_amount_positive", sql`${t.amountMinor} > 0`),
    // Maker-checker in the database: whoever created a pay-out can never be the one who approves it.
    check("payouts_approver_not_creator", sql`${t.approvedBy} is null or ${t.createdBy} is null or ${t.approvedBy} <> ${t.createdBy}`),
    check("payouts_order_no_format", sql`${t.orderNo} ~ '^[A-Za-z0-9]{6,32}$'`),
  ],
);
