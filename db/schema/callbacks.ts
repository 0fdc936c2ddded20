import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { callbackOutcomeEnum } from "./enums";
import { merchants } from "./merchants";
import { payins } from "./payins";
import { payouts } from "./payouts";
import { users } from "./users";

/** Every callback as received, raw, whatever became of it (forged and stale ones too). */
export const callbacks = pgTable(
  "callbacks",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    headers: jsonb("headers").notNull(),
    rawBody: text("raw_body").notNull(),
    xTimestamp: text("x_timestamp"),
    xSignature: text("x_signature"),
    tradeNo: text("trade_no"),
    orderNo: text("order_no"),
    merchantId: bigint("merchant_id", { mode: "number" }).references(() => merchants.id),
    signatureValid: boolean("signature_valid").notNull().default(false),
    timestampFresh: boolean("timestamp_fresh").notNull().default(false),
    outcome: callbackOutcomeEnum("outcome").notNull(),
    remoteIp: text("remote_ip"),
    error: text("error"),
    payoutId: bigint("payout_id", { mode: "number" }).references(() => payouts.id),
    payinId: bigint("payin_id", { mode: "number" }).references(() => payins.id),
    /** outcome = conflict: why it was not applied; the order's current state is the other side of the review. */
    reviewReason: text("review_reason"),
    /**
     * The signature's bytes (canonical Base64), set on the one row that accepted it: a unique index makes one
     * signature count once. The same bytes again with the same body (body_sha256) are a duplicate, counted in
     * `duplicates`; with another body they are refused as `replayed`.
     */
    signatureKey: text("signature_key"),
    bodySha256: text("body_sha256"),
    duplicates: integer("duplicates").notNull().default(0),
    /** outcome confirming: when inquiry-status settled it (the outcome then says how). */
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    /** outcome conflict: an admin looked, cleared the order's flag and said why (audited as callback.resolved). */
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: bigint("resolved_by", { mode: "number" }).references(() => users.id),
    resolutionNote: text("resolution_note"),
  },
  (t) => [
    index("callbacks_trade_no").on(t.tradeNo),
    index("callbacks_received").on(t.receivedAt),
    // The callback log filters by outcome and credential, newest first (keyset on id).
    index("callbacks_outcome_id").on(t.outcome, t.id),
    index("callbacks_merchant_id").on(t.merchantId, t.id),
    index("callbacks_order_no").on(t.orderNo),
    index("callbacks_payout").on(t.payoutId, t.receivedAt),
    index("callbacks_payin").on(t.payinId, t.receivedAt),
    uniqueIndex("callbacks_signature_key").on(t.signatureKey),
  ],
);
