import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { wireToBalanceUnits } from "./balance-units";
import type { GatewayContext } from "./context";
import type { Fate } from "./fate";
import { scheduleCallback } from "./queues";
import { gwAccounts, gwOrders } from "./schema";

/**
 * An order reaches its final status (once: a final status never changes), balances move, and the callbacks
 * its fate asks for are queued, all in one commit (a gateway killed after settling still calls back).
 */
export async function settleOrder(ctx: GatewayContext, tradeNo: string, override?: Fate["outcome"]): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const order = (await tx.select().from(gwOrders).where(eq(gwOrders.tradeNo, tradeNo)).for("update"))[0];
    if (!order || order.finalAt) return false;
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
    if (!order.callbackUrl || fate.callback === "none") return true;
    if (fate.callback === "out_of_order") {
      // The final status first, then a stale PROCESSING callback after it: the merchant must not go backwards.
      await scheduleCallback(ctx, { tradeNo, status }, 0, tx);
      await scheduleCallback(ctx, { tradeNo, status: "PROCESSING" }, 2, tx);
    } else {
      await scheduleCallback(ctx, { tradeNo, status }, 0, tx);
      if (fate.callback === "duplicate") await scheduleCallback(ctx, { tradeNo, status }, 1, tx);
    }
    return true;
  });
}

/**
 * Orders whose fate was due while the gateway was down, settled before it serves: as at a real gateway, an order's
 * fate does not wait for a queue to notice a job its killed worker held. Their jobs then find them final.
 */
export async function settleOverdue(ctx: GatewayContext): Promise<number> {
  const due = await ctx.db
    .select({ tradeNo: gwOrders.tradeNo })
    .from(gwOrders)
    .where(and(isNull(gwOrders.finalAt), sql`${gwOrders.createdAt} + make_interval(secs => (${gwOrders.fate}->>'afterMs')::float8 / 1000) <= cast(${ctx.now().toISOString()} as timestamptz)`))
    .orderBy(gwOrders.createdAt);
  let settled = 0;
  for (const o of due) if (await settleOrder(ctx, o.tradeNo)) settled++;
  return settled;
}
