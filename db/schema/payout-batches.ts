import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { batchStatusEnum } from "./enums";
import { merchants } from "./merchants";
import { users } from "./users";

/**
 * A run of pay-outs from one file (lib/payout-batches). Its sha256 lets the app refuse the same file twice unless
 * the user confirms; its content hash (of every row's content hash, in order) is what an approver's code binds to.
 */
export const payoutBatches = pgTable(
  "payout_batches",
  {
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
    idempotencyKey: text("idempotency_key"),
    contentHash: text("content_hash"),
    approvalRequired: boolean("approval_required").notNull().default(false),
    approvalReason: text("approval_reason"),
    approvedBy: bigint("approved_by", { mode: "number" }).references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    rejectedBy: bigint("rejected_by", { mode: "number" }).references(() => users.id),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("payout_batches_merchant_sha").on(t.merchantId, t.sha256),
    uniqueIndex("payout_batches_idempotency").on(t.createdBy, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    check("payout_batches_approver_not_creator", sql`${t.approvedBy} is null or ${t.createdBy} is null or ${t.approvedBy} <> ${t.createdBy}`),
  ],
);
