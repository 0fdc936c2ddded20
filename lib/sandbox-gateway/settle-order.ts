import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { wireToBalanceUnits } from "./balance-units";
import type { GatewayContext } from "./context";
import type { Fate } from "./fate";
import { scheduleCallback } from "./queues";
import { gwAccounts, gwOrders } from "./schema";

/**
 * An order reaches its final status (once: a final status never changes), balances move, and the callbacks
 * its fate asks for are queued.
 */
export async function settleOrder(ctx: GatewayContext, tradeNo: string, override?: Fate["outcome"]): Promise<boolean> {
  const settled = await ctx.db.transaction(async (tx) => {
    const order = (await tx.select().from(gwOrders).where(eq(gwOrders.tradeNo, tradeNo)).for("update"))[0];
    if (!order || order.finalAt) return null;
    const fate = order.fate as Fate;
    const status = override ?? fate.outcome;
    await tx.update(gwOrders).set({ status, finalAt: ctx.now() }).where(and(eq(gwOrders.tradeNo, tradeNo), isNull(gwOrders.finalAt)));
    if (status === "SUCCESS") {
      // Decoded by the region's amount encoding (PHP/BRL send centavos, THB whole baht, USDT decimals).
      const units = wireToBalanceUnits(order.currency, Number(order.payAmount ?? order.amount)) ?? 0n;
      const kind = order.tradeType === 1 ? "payin" : "payout";
      const delta = order.tradeType === 1 ? units : -units;
      await tx
        .update(gwAccounts)
        .set({ balance: sql`${gwAccounts.balance} + ${delta}` })
        .where(and(eq(gwAccounts.merchantId, order.merchantId), eq(gwAccounts.currency, order.currency), eq(gwAccounts.kind, kind)));
    }
    return { status, fate, callbackUrl: order.callbackUrl };
  });
  if (!settled || !settled.callbackUrl || settled.fate.callback === "none") return settled !== null;
  const { status, fate } = settled;
  if (fate.callback === "out_of_order") {
    // The final status first, then a stale PROCESSING callback after it: the merchant must not go backwards.
    await scheduleCallback(ctx, { tradeNo, status });
    await scheduleCallback(ctx, { tradeNo, status: "PROCESSING" }, 2);
  } else {
    await scheduleCallback(ctx, { tradeNo, status });
    if (fate.callback === "duplicate") await scheduleCallback(ctx, { tradeNo, status }, 1);
  }
  return true;
}
