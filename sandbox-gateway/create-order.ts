import "server-only";
import { and, eq } from "drizzle-orm";
import { pgErrorCode } from "@/lib/db-errors";
import { wireToBalanceUnits } from "./balance-units";
import { CODES } from "./codes";
import type { GatewayContext } from "./context";
import type { Fate } from "./fate";
import { scheduleSettle } from "./queues";
import { gwAccounts, gwOrders } from "./schema";
import { newTradeNo } from "./trade-no";

export type Created =
  | { ok: true; order: typeof gwOrders.$inferSelect }
  | { ok: false; code: string; message: string };

/**
 * Store a new order (the (merchant, orderNo) unique constraint refuses a repeat, even two at once) and schedule
 * its fate. Pay-outs need the pay-out account's balance.
 */
export async function createOrder(
  ctx: GatewayContext,
  args: {
    merchantId: string;
    tradeType: 1 | 2;
    orderNo: string;
    currency: string;
    amount: number;
    payAmount?: number;
    paymentMethod: string;
    callbackUrl?: string;
    request: unknown;
    fate: Fate;
  },
): Promise<Created> {
  const now = ctx.now();
  if (args.tradeType === 2) {
    const account = (
      await ctx.db
        .select()
        .from(gwAccounts)
        .where(and(eq(gwAccounts.merchantId, args.merchantId), eq(gwAccounts.currency, args.currency), eq(gwAccounts.kind, "payout")))
    )[0];
    const units = wireToBalanceUnits(args.currency, args.amount);
    if (!account || units === null || account.balance < units) {
      return { ok: false, code: CODES.insufficientBalance, message: "Insufficient balance in the pay-out account" };
    }
  }
  try {
    // The order and its settle job commit together: a gateway killed in between must not keep an order it never settles.
    const order = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(gwOrders)
        .values({
          tradeNo: newTradeNo(args.tradeType, now),
          merchantId: args.merchantId,
          orderNo: args.orderNo,
          tradeType: args.tradeType,
          currency: args.currency,
          amount: String(args.amount),
          payAmount: args.payAmount === undefined ? null : String(args.payAmount),
          paymentMethod: args.paymentMethod,
          status: "PROCESSING",
          callbackUrl: args.callbackUrl ?? null,
          request: args.request,
          fate: args.fate,
          createdAt: now,
        })
        .returning();
      if (row) await scheduleSettle(ctx, row.tradeNo, args.fate.afterMs, tx);
      return row;
    });
    if (!order) return { ok: false, code: CODES.badRequest, message: "Order not stored" };
    return { ok: true, order };
  } catch (e) {
    if (pgErrorCode(e) === "23505") {
      return { ok: false, code: CODES.duplicateOrder, message: `Duplicate orderNo ${args.orderNo}` };
    }
    throw e;
  }
}
