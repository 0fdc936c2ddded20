import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { maskAccount } from "@/lib/orders/mask";
import { getRegion } from "@/lib/smilepayz/regions";
import { wireAmountText } from "@/lib/smilepayz/regions/money";
import { formatMoney } from "@/lib/words/money";
import type { PayinView } from "./payin-view";

/** A pay-in with what its view needs: the credential's name and the creator's name. */
export function payinRowsQuery(db: DbOrTx) {
  return db
    .select({
      p: payins,
      /** created_at to the microsecond, for the keyset cursor. */
      createdAtKey: sql<string>`to_char(${payins.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      merchantName: merchants.name,
      creatorName: users.name,
    })
    .from(payins)
    .innerJoin(merchants, eq(merchants.id, payins.merchantId))
    .leftJoin(users, eq(users.id, payins.createdBy))
    .$dynamic();
}
export type PayinRow = Awaited<ReturnType<ReturnType<typeof payinRowsQuery>["execute"]>>[number];

export function payinScopeFilter(scope: number[] | null): SQL | undefined {
  return scope ? inArray(payins.merchantId, scope.length ? scope : [-1]) : undefined;
}

export function toPayinView(ctx: Ctx, r: PayinRow): PayinView {
  const p = r.p;
  const region = getRegion(p.region);
  const show = can(ctx.user.role, "orders.unmasked");
  return {
    id: p.id,
    credentialId: p.merchantId,
    merchantName: r.merchantName,
    region: p.region,
    currency: p.currency,
    orderNo: p.orderNo,
    tradeNo: p.tradeNo,
    amountMinor: p.amountMinor.toString(),
    amountDisplay: formatMoney(p.amountMinor, region),
    wireAmount: wireAmountText(p.amountMinor, region),
    payAmountMinor: p.payAmountMinor?.toString() ?? null,
    payAmountDisplay: p.payAmountMinor === null ? null : formatMoney(p.payAmountMinor, region),
    method: p.paymentMethod,
    purpose: p.purpose,
    payerDescription: p.payerDescription,
    payerName: p.payerName,
    payerBank: p.payerBankName,
    payerAccount: show ? p.payerAccountNo : maskAccount(p.payerAccountNo),
    expirySeconds: p.expirySeconds,
    expiresAt: p.expiresAt?.toISOString() ?? null,
    redirectUrl: p.redirectUrl,
    paymentUrl: p.paymentUrl,
    hasQr: p.qrString !== null,
    receiverBankName: p.receiverBankName,
    vaNumber: p.vaNumber,
    status: p.status,
    gatewayStatus: p.gatewayStatus,
    gatewayCode: p.gatewayCode,
    gatewayMessage: p.gatewayMessage,
    payerLinkActive: p.payerTokenHash !== null,
    payerLinkRevokedAt: p.payerTokenRevokedAt?.toISOString() ?? null,
    flaggedAt: p.flaggedAt?.toISOString() ?? null,
    flagReason: p.flagReason,
    createdBy: p.createdBy === null ? null : { id: p.createdBy, name: r.creatorName ?? `user ${p.createdBy}` },
    createdAt: p.createdAt.toISOString(),
    sentAt: p.sentAt?.toISOString() ?? null,
    finalAt: p.finalAt?.toISOString() ?? null,
  };
}

/** One pay-in inside the user's scope; null when it does not exist or is out of scope. */
export async function loadPayinRow(ctx: Ctx, scope: number[] | null, id: number): Promise<PayinRow | null> {
  const rows = await payinRowsQuery(ctx.db)
    .where(and(eq(payins.id, id), payinScopeFilter(scope)))
    .limit(1);
  return rows[0] ?? null;
}
