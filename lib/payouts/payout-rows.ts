import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { merchants, payouts, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { isBundledSandbox } from "@/lib/merchants/bundled-sandbox";
import { maskAccount } from "@/lib/orders/mask";
import { getRegion } from "@/lib/smilepayz/regions";
import { wireAmountText } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import type { PayoutView } from "./payout-view";

const creator = alias(users, "creator");
const approver = alias(users, "approver");
const rejecter = alias(users, "rejecter");

/** A pay-out with what its view needs: the credential's name and environment and the people's names. */
export function payoutRowsQuery(db: DbOrTx) {
  return db
    .select({
      p: payouts,
      /** created_at to the microsecond, for the keyset cursor (a JS Date keeps only milliseconds). */
      createdAtKey: sql<string>`to_char(${payouts.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
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

/** The WHERE part that keeps a user inside their merchants (null scope = all; empty = nothing). */
export function scopeFilter(scope: number[] | null): SQL | undefined {
  return scope ? inArray(payouts.merchantId, scope.length ? scope : [-1]) : undefined;
}

const person = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? `user ${id}` });

/** Row to the JSON the browser and the API get; accounts and tax ids masked unless the role may see them. */
export function toPayoutView(ctx: Ctx, r: PayoutRow): PayoutView {
  const p = r.p;
  const region = getRegion(p.region);
  const show = can(ctx.user.role, "orders.unmasked");
  const mask = (v: string | null) => (show ? v : maskAccount(v));
  return {
    id: p.id,
    credentialId: p.merchantId,
    merchantName: r.merchantName,
    environment: r.environment,
    bundledSandbox: isBundledSandbox({ environment: r.environment, customBaseUrl: r.customBaseUrl }),
    region: p.region,
    currency: p.currency,
    orderNo: p.orderNo,
    tradeNo: p.tradeNo,
    amountMinor: p.amountMinor.toString(),
    amountDisplay: formatMoney(p.amountMinor, region),
    wireAmount: wireAmountText(p.amountMinor, region),
    method: p.paymentMethod,
    account: mask(p.cashAccount) ?? "",
    receiverName: p.receiverName,
    taxNumber: mask(p.taxNumber),
    network: p.network,
    purpose: p.purpose,
    status: p.status,
    gatewayStatus: p.gatewayStatus,
    gatewayCode: p.gatewayCode,
    gatewayMessage: p.gatewayMessage,
    approvalRequired: p.approvalRequired,
    contentHash: p.contentHash,
    runId: p.batchId,
    createdBy: person(p.createdBy, r.creatorName),
    approvedBy: person(p.approvedBy, r.approverName),
    rejectedBy: person(p.rejectedBy, r.rejecterName),
    rejectReason: p.rejectReason,
    flagReason: p.flagReason,
    createdAt: p.createdAt.toISOString(),
    approvedAt: p.approvedAt?.toISOString() ?? null,
    sentAt: p.sentAt?.toISOString() ?? null,
    finalAt: p.finalAt?.toISOString() ?? null,
    canApprove: canApprove(ctx, p),
    canCancel: canCancel(ctx, p),
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

/** One pay-out inside the user's scope, as a view row; null when it does not exist or is out of scope. */
export async function loadPayoutRow(ctx: Ctx, scope: number[] | null, id: number): Promise<PayoutRow | null> {
  const rows = await payoutRowsQuery(ctx.db)
    .where(and(eq(payouts.id, id), scopeFilter(scope)))
    .limit(1);
  return rows[0] ?? null;
}
