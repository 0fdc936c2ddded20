import "server-only";
import { and, desc, eq, inArray, or, type SQL } from "drizzle-orm";
import { merchants, payins, payouts } from "@/db/schema";
import type { Ctx } from "@/lib/api/context";
import { can } from "@/lib/auth/permissions";
import { isBundledSandbox } from "@/lib/merchants/bundled-sandbox";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { maskAccount } from "./mask";

/**
 * Orders by orderNo or tradeNo (exact), or the latest 50, within the user's merchants. Account numbers and
 * tax ids are masked unless the role may see them.
 */
export async function lookupOrders({ ctx, input }: { ctx: Ctx; input: { q?: string } }) {
  const scope = await merchantScope(ctx.db, ctx.user);
  const show = can(ctx.user.role, "orders.unmasked");
  const scoped = (col: typeof payouts.merchantId | typeof payins.merchantId): SQL | undefined =>
    scope ? inArray(col, scope.length ? scope : [-1]) : undefined;
  const q = input.q || undefined;

  const outs = await ctx.db
    .select({ p: payouts, merchantName: merchants.name, environment: merchants.environment, customBaseUrl: merchants.customBaseUrl })
    .from(payouts)
    .innerJoin(merchants, eq(merchants.id, payouts.merchantId))
    .where(and(scoped(payouts.merchantId), q ? or(eq(payouts.orderNo, q), eq(payouts.tradeNo, q)) : undefined))
    .orderBy(desc(payouts.createdAt))
    .limit(50);
  const ins = await ctx.db
    .select({ p: payins, merchantName: merchants.name, environment: merchants.environment, customBaseUrl: merchants.customBaseUrl })
    .from(payins)
    .innerJoin(merchants, eq(merchants.id, payins.merchantId))
    .where(and(scoped(payins.merchantId), q ? or(eq(payins.orderNo, q), eq(payins.tradeNo, q)) : undefined))
    .orderBy(desc(payins.createdAt))
    .limit(50);

  const m = (v: string | null) => (show ? v : maskAccount(v));
  return [
    ...outs.map(({ p, merchantName, environment, customBaseUrl }) => ({
      type: "payout" as const, id: p.id, merchantName, environment, bundledSandbox: isBundledSandbox({ environment, customBaseUrl }), region: p.region, orderNo: p.orderNo, tradeNo: p.tradeNo,
      amountMinor: p.amountMinor.toString(), currency: p.currency, method: p.paymentMethod, account: m(p.cashAccount),
      name: p.receiverName, taxNumber: m(p.taxNumber), status: p.status, createdAt: p.createdAt,
    })),
    ...ins.map(({ p, merchantName, environment, customBaseUrl }) => ({
      type: "payin" as const, id: p.id, merchantName, environment, bundledSandbox: isBundledSandbox({ environment, customBaseUrl }), region: p.region, orderNo: p.orderNo, tradeNo: p.tradeNo,
      amountMinor: p.amountMinor.toString(), currency: p.currency, method: p.paymentMethod, account: m(p.payerAccountNo),
      name: p.payerName, taxNumber: null, status: p.status, createdAt: p.createdAt,
    })),
  ].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
export type OrderRow = Awaited<ReturnType<typeof lookupOrders>>[number];
