import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { eq } from "drizzle-orm";
import { beneficiaries, merchants, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { maskAccount } from "@/lib/orders/mask";
import { getRegion } from "@/lib/smilepayz/regions";
import { methodName } from "@/lib/words";
import { BENEFICIARY_STATUS_WORDS, type BeneficiaryStatus } from "./statuses";

/** What the API and the pages get: account and tax number masked unless the role may see them whole. */
export interface BeneficiaryView {
  id: number;
  credentialId: number;
  merchantName: string;
  label: string;
  region: string;
  currency: string;
  method: string;
  methodName: string;
  account: string;
  receiverName: string | null;
  taxNumber: string | null;
  network: string | null;
  status: BeneficiaryStatus;
  statusWords: string;
  archived: boolean;
  archivedAt: string | null;
  createdBy: { id: number; name: string } | null;
  submittedBy: { id: number; name: string } | null;
  verifiedBy: { id: number; name: string } | null;
  verifiedAt: string | null;
  rejectedBy: { id: number; name: string } | null;
  rejectReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** This person may verify or reject it now (an approver who did not enter these details). */
  canVerify: boolean;
  /** Finance may pay it by id now (verified, not archived). */
  canPay: boolean;
  canEdit: boolean;
}

const creator = alias(users, "creator");
const submitter = alias(users, "submitter");
const verifier = alias(users, "verifier");
const rejecter = alias(users, "rejecter");

/** The row with its credential's and people's names: build a query with .from(beneficiaries) then these joins. */
export const beneficiaryColumns = {
  b: beneficiaries,
  merchantName: merchants.name,
  creatorName: creator.name,
  submitterName: submitter.name,
  verifierName: verifier.name,
  rejecterName: rejecter.name,
};
export type BeneficiaryRow = {
  b: typeof beneficiaries.$inferSelect;
  merchantName: string;
  creatorName: string | null;
  submitterName: string | null;
  verifierName: string | null;
  rejecterName: string | null;
};

export function selectBeneficiaries(db: Ctx["db"]) {
  return db
    .select(beneficiaryColumns)
    .from(beneficiaries)
    .innerJoin(merchants, eq(merchants.id, beneficiaries.merchantId))
    .leftJoin(creator, eq(creator.id, beneficiaries.createdBy))
    .leftJoin(submitter, eq(submitter.id, beneficiaries.submittedBy))
    .leftJoin(verifier, eq(verifier.id, beneficiaries.verifiedBy))
    .leftJoin(rejecter, eq(rejecter.id, beneficiaries.rejectedBy));
}

const who = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? `user ${id}` });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toBeneficiaryView(ctx: Ctx, r: BeneficiaryRow): BeneficiaryView {
  const b = r.b;
  const whole = can(ctx.user.role, "orders.unmasked");
  const mask = (v: string | null) => (whole ? v : maskAccount(v));
  const live = b.archivedAt === null;
  return {
    id: b.id, credentialId: b.merchantId, merchantName: r.merchantName, label: b.label, region: b.region,
    currency: getRegion(b.region).currency, method: b.paymentMethod, methodName: methodName(b.region, b.paymentMethod),
    account: mask(b.cashAccount) ?? "", receiverName: b.receiverName, taxNumber: mask(b.taxNumber), network: b.network,
    status: b.status, statusWords: live ? BENEFICIARY_STATUS_WORDS[b.status] : "Archived", archived: !live, archivedAt: iso(b.archivedAt),
    createdBy: who(b.createdBy, r.creatorName), submittedBy: who(b.submittedBy, r.submitterName),
    verifiedBy: who(b.verifiedBy, r.verifierName), verifiedAt: iso(b.verifiedAt),
    rejectedBy: who(b.rejectedBy, r.rejecterName), rejectReason: b.rejectReason,
    createdAt: b.createdAt.toISOString(), updatedAt: b.updatedAt.toISOString(),
    canVerify: live && b.status === "PENDING_VERIFICATION" && can(ctx.user.role, "beneficiaries.verify") && b.submittedBy !== ctx.user.id,
    canPay: live && b.status === "VERIFIED" && can(ctx.user.role, "payouts.create"),
    canEdit: live && can(ctx.user.role, "beneficiaries.write"),
  };
}
