import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { payinStatusEnum, regionEnum } from "./enums";
import { merchants } from "./merchants";
import { users } from "./users";

export const payins = pgTable(
  "payins",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id),
    region: regionEnum("region").notNull(),
    orderNo: text("order_no").notNull(),
    tradeNo: text("trade_no").unique(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    /** What the payer actually pays (the gateway may adjust it, e.g. 300 -> 299.98). */
    payAmountMinor: bigint("pay_amount_minor", { mode: "bigint" }),
    currency: text("currency").notNull(),
    paymentMethod: text("payment_method").notNull(),
    payerName: text("payer_name"),
    /** The name lower-case and unaccented (search_fold, migration *_h20_sql), stored: support's search reads it. */
    payerNameFolded: text("payer_name_folded").generatedAlwaysAs(sql`search_fold(payer_name)`),
    payerAccountNo: text("payer_account_no"),
    payerBankName: text("payer_bank_name"),
    /** Staff's own words, sent to the gateway as `purpose`: never shown to the payer. */
    purpose: text("purpose").notNull(),
    /** What the payer's page says the payment is for (optional; the payer never sees `purpose`). */
    payerDescription: text("payer_description"),
    paymentUrl: text("payment_url"),
    qrString: text("qr_string"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** `expiryPeriod` sent to the gateway, seconds. */
    expirySeconds: integer("expiry_seconds").notNull().default(3600),
    redirectUrl: text("redirect_url"),
    /** BANK pay-ins: where the payer transfers to (from the gateway's answer). */
    receiverBankName: text("receiver_bank_name"),
    vaNumber: text("va_number"),
    /** BANK pay-ins: the name the receiving account is held in, when the gateway's answer gives one. */
    receiverAccountName: text("receiver_account_name"),
    /** The client's Idempotency-Key (per creator) and a hash of its request: a retry returns the same pay-in. */
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    /** SHA-256 of the payer page's token (the token itself is never stored); null once revoked. */
    payerTokenHash: text("payer_token_hash").unique(),
    payerTokenRevokedAt: timestamp("payer_token_revoked_at", { withTimezone: true }),
    inquiryCount: integer("inquiry_count").notNull().default(0),
    lastInquiryAt: timestamp("last_inquiry_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    status: payinStatusEnum("status").notNull(),
    gatewayStatus: text("gateway_status"),
    gatewayCode: text("gateway_code"),
    gatewayMessage: text("gateway_message"),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    finalAt: timestamp("final_at", { withTimezone: true }),
    /** Set when something needs a person: a conflicting callback, an order still open after the last inquiry. */
    flaggedAt: timestamp("flagged_at", { withTimezone: true }),
    flagReason: text("flag_reason"),
    /** When reconciliation may ask inquiry-status next (null: the credential's window after createdAt). */
    nextCheckAt: timestamp("next_check_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("payins_merchant_order_no").on(t.merchantId, t.orderNo),
    index("payins_order_no").on(t.orderNo),
    index("payins_status_created").on(t.status, t.createdAt),
    index("payins_merchant_created").on(t.merchantId, t.createdAt),
    index("payins_region_created").on(t.region, t.createdAt),
    // Newest first; with merchant and folded name for the search's index-only name walk (see payouts.ts).
    index("payins_created_id").on(t.createdAt, t.id, t.merchantId, t.payerNameFolded),
    uniqueIndex("payins_idempotency").on(t.createdBy, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    check("payins_expiry_range", sql`${t.expirySeconds} between 60 and 86400`),
    index("payins_final_at").on(t.finalAt).where(sql`${t.finalAt} is not null`),
    index("payins_flagged").on(t.flaggedAt).where(sql`${t.flaggedAt} is not null`),
    // Keyed by id so that an ask's writes update the row in place (see payouts.ts, migration 0030).
    index("payins_open_check").on(t.id).where(sql`${t.status} in ('INIT', 'PROCESSING', 'UNKNOWN') and ${t.flaggedAt} is null`),
    // Support's search (lib/orders/search-orders.ts): id prefixes in any case (upper() of both sides), an account's
    // last digits, a name without case or accents.
    index("payins_order_no_upper").using("btree", sql`upper(${t.orderNo}) text_pattern_ops`, t.createdAt, t.id, t.merchantId, t.orderNo),
    index("payins_trade_no_upper").using("btree", sql`upper(${t.tradeNo}) text_pattern_ops`, t.createdAt, t.id, t.merchantId, t.tradeNo),
    index("payins_account_rev").using("btree", sql`reverse(${t.payerAccountNo}) text_pattern_ops`, t.createdAt, t.id, t.merchantId, t.payerAccountNo),
    // The folded name keeps 1,000 statistics values (migration 0029): the search's choice of plan follows the data.
    index("payins_name_trgm").using("gin", t.payerNameFolded.op("gin_trgm_ops")),
    check("payins_amount_positive", sql`${t.amountMinor} > 0`),
    check("payins_order_no_format", sql`${t.orderNo} ~ '^[A-Za-z0-9]{6,32}$'`),
  ],
);
