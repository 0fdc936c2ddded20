import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { BENEFICIARY_STATUSES } from "../../lib/beneficiaries/statuses";
import { regionEnum } from "./enums";
import { merchants } from "./merchants";
import { users } from "./users";

export const beneficiaryStatusEnum = pgEnum("beneficiary_status", BENEFICIARY_STATUSES);

/**
 * A saved payee of one credential: the pay-out's payee fields, checked by the region's schema, verified by a
 * second person before it can be paid by id. `submittedBy` is whoever last entered the bank details: the one
 * person who may never verify them (checked in code and here).
 */
export const beneficiaries = pgTable(
  "beneficiaries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: bigint("merchant_id", { mode: "number" })
      .notNull()
      .references(() => merchants.id),
    label: text("label").notNull(),
    region: regionEnum("region").notNull(),
    paymentMethod: text("payment_method").notNull(),
    cashAccount: text("cash_account").notNull(),
    receiverName: text("receiver_name"),
    taxNumber: text("tax_number"),
    network: text("network"),
    /** The region's payout.beneficiaryKey: the same string pay-outs carry, so a person's pay-outs are found by it. */
    beneficiaryKey: text("beneficiary_key").notNull(),
    status: beneficiaryStatusEnum("status").notNull(),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    submittedBy: bigint("submitted_by", { mode: "number" }).references(() => users.id),
    verifiedBy: bigint("verified_by", { mode: "number" }).references(() => users.id),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    rejectedBy: bigint("rejected_by", { mode: "number" }).references(() => users.id),
    rejectReason: text("reject_reason"),
    archivedBy: bigint("archived_by", { mode: "number" }).references(() => users.id),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    version: integer("version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One live saved payee per person paid and credential: the database refuses a second.
    uniqueIndex("beneficiaries_merchant_key_live").on(t.merchantId, t.beneficiaryKey).where(sql`${t.archivedAt} is null`),
    index("beneficiaries_merchant_status").on(t.merchantId, t.status, t.id),
    check("beneficiaries_verifier_not_submitter", sql`${t.verifiedBy} is null or ${t.submittedBy} is null or ${t.verifiedBy} <> ${t.submittedBy}`),
    check("beneficiaries_verified_has_verifier", sql`${t.status} <> 'VERIFIED' or ${t.verifiedBy} is not null`),
  ],
);
