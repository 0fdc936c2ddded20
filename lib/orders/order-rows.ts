import "server-only";
import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { merchants, payins, payouts, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { isBundledSandbox } from "@/lib/merchants/bundled-sandbox";
import { getRegion } from "@/lib/smilepayz/regions";
import { wireAmountText } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import { maskAccount } from "./mask";
import type { PayinView, PayoutView } from "./order-view";

const creator = alias(users, "creator");
const approver = alias(users, "approver");
const rejecter = alias(users, "rejecter");

/** created_at to the microsecond, for the keyset cursor (a JS Date keeps only milliseconds). */
const keyOf = (t: typeof payouts | typeof payins) => sql<string>`to_char(${t.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A pay-out with what its view needs: the credential's name and environment and the people's names. */
export function payoutRowsQuery(db: DbOrTx) {
  return db
    .select({
      p: payouts,
      createdAtKey: keyOf(payouts),
      merchantName: merchants.name,
      environment: merchants.environment,
      customBaseUrl: merchants.customBaseUrl,
      creatorName: creator.name,
      approverName: approver.name,
      rejecterName: rejecter.name,
    })
    .from(payouts)
    .innerJoin(merchants, eq(merchants.id, payouts.merchantId))
    .leftJoin(creator, eq(creator.id, payouts.createdBy))
    .leftJoin(approver, eq(approver.id, payouts.approvedBy))
    .leftJoin(rejecter, eq(rejecter.id, payouts.rejectedBy))
    .$dynamic();
}
export type PayoutRow = Awaited<ReturnType<ReturnType<typeof payoutRowsQuery>["execute"]>>[number];

/** A pay-in with what its view needs: the credential's name and the creator's name. */
export function payinRowsQuery(db: DbOrTx) {
  return db
    .select({ p: payins, createdAtKey: keyOf(payins), merchantName: merchants.name, creatorName: creator.name })
    .from(payins)
    .innerJoin(merchants, eq(merchants.id, payins.merchantId))
    .leftJoin(creator, eq(creator.id, payins.createdBy))
    .$dynamic();
}
export type PayinRow = Awaited<ReturnType<ReturnType<typeof payinRowsQuery>["execute"]>>[number];

const person = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? `user ${id}` });
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What both kinds' views say alike: ids, money (minor units as a decimal string plus the display), gateway words. */
function common(r: PayoutRow | PayinRow) {
  const p = r.p;
  const region = getRegion(p.region);
  return {
    id: p.id, credentialId: p.merchantId, merchantName: r.merchantName, region: p.region, currency: p.currency,
    orderNo: p.orderNo, tradeNo: p.tradeNo, amountMinor: p.amountMinor.toString(), amountDisplay: formatMoney(p.amountMinor, region),
    wireAmount: wireAmountText(p.amountMinor, region), method: p.paymentMethod, purpose: p.purpose,
    gatewayStatus: p.gatewayStatus, gatewayCode: p.gatewayCode, gatewayMessage: p.gatewayMessage,
    createdBy: person(p.createdBy, r.creatorName), flagReason: p.flagReason,
    createdAt: p.createdAt.toISOString(), sentAt: iso(p.sentAt), finalAt: iso(p.finalAt),
  };
}

/** Row to the JSON the browser and the API get; accounts and tax ids masked unless the role may see them. */
export function toPayoutView(ctx: Ctx, r: PayoutRow): PayoutView {
  const p = r.p;
  const mask = (v: string | null) => (can(ctx.user.role, "orders.unmasked") ? v : maskAccount(v));
  const { flagReason, createdAt, sentAt, finalAt, createdBy, purpose, gatewayStatus, gatewayCode, gatewayMessage, method, ...head } = common(r);
  return {
    ...head,
    environment: r.environment,
    bundledSandbox: isBundledSandbox({ environment: r.environment, customBaseUrl: r.customBaseUrl }),
    method, account: mask(p.cashAccount) ?? "", receiverName: p.receiverName, taxNumber: mask(p.taxNumber), network: p.network,
    purpose, status: p.status, gatewayStatus, gatewayCode, gatewayMessage,
    approvalRequired: p.approvalRequired, contentHash: p.contentHash, runId: p.batchId, beneficiaryId: p.beneficiaryId,
    createdBy, approvedBy: person(p.approvedBy, r.approverName), rejectedBy: person(p.rejectedBy, r.rejecterName),
    rejectReason: p.rejectReason, flagReason, createdAt, approvedAt: iso(p.approvedAt), sentAt, finalAt,
    canApprove: canApprove(ctx, p), canCancel: canCancel(ctx, p),
  };
}

export function toPayinView(ctx: Ctx, r: PayinRow): PayinView {
  const p = r.p;
  const region = getRegion(p.region);
  const { createdBy, createdAt, sentAt, finalAt, flagReason, gatewayStatus, gatewayCode, gatewayMessage, ...head } = common(r);
  return {
    ...head,
    payAmountMinor: p.payAmountMinor?.toString() ?? null,
    payAmountDisplay: p.payAmountMinor === null ? null : formatMoney(p.payAmountMinor, region),
    payerDescription: p.payerDescription, payerName: p.payerName, payerBank: p.payerBankName,
    payerAccount: can(ctx.user.role, "orders.unmasked") ? p.payerAccountNo : maskAccount(p.payerAccountNo),
    expirySeconds: p.expirySeconds, expiresAt: iso(p.expiresAt), redirectUrl: p.redirectUrl, paymentUrl: p.paymentUrl,
    hasQr: p.qrString !== null, receiverBankName: p.receiverBankName, vaNumber: p.vaNumber,
    status: p.status, gatewayStatus, gatewayCode, gatewayMessage,
    payerLinkActive: p.payerTokenHash !== null, payerLinkRevokedAt: iso(p.payerTokenRevokedAt),
    flaggedAt: iso(p.flaggedAt), flagReason, createdBy, createdAt, sentAt, finalAt,
  };
}

/** May this user approve or reject it now: the permission, waiting for approval, never their own, never a run's row. */
export function canApprove(ctx: Ctx, p: { status: string; createdBy: number | null; batchId: number | null }): boolean {
  return can(ctx.user.role, "payouts.approve") && p.status === "PENDING_APPROVAL" && p.createdBy !== ctx.user.id && p.batchId === null;
}

/** May this user cancel it now: waiting for approval, and theirs (its creator) or any (an admin). */
export function canCancel(ctx: Ctx, p: { status: string; createdBy: number | null }): boolean {
  if (p.status !== "PENDING_APPROVAL" || !can(ctx.user.role, "payouts.cancel")) return false;
  return p.createdBy === ctx.user.id || can(ctx.user.role, "payouts.cancel_any");
}
