import "server-only";
import { and, eq } from "drizzle-orm";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { inquiryBalanceRequest, inquiryStatusRequest } from "@/lib/smilepayz/wire";
import { BALANCE_DIGITS } from "./balance-units";
import { CODES } from "./codes";
import type { GatewayContext } from "./context";
import type { Fate } from "./fate";
import type { Reply } from "./handle-orders";
import { gwAccounts, gwInquiries, gwOrders } from "./schema";

/** inquiry-status; `receivedAt`: when the request arrived, stored beside the moment its record is written. */
export async function handleInquiryStatus(ctx: GatewayContext, merchantId: string, body: unknown, receivedAt: Date): Promise<Reply> {
  const parsed = inquiryStatusRequest.safeParse(body);
  if (!parsed.success || (!parsed.data.orderNo && !parsed.data.tradeNo)) {
    return { kind: "json", body: { code: CODES.invalidField, message: "tradeType (1 or 2) and orderNo or tradeNo are required" } };
  }
  const q = parsed.data;
  const conds = [eq(gwOrders.merchantId, merchantId), eq(gwOrders.tradeType, q.tradeType)];
  if (q.tradeNo) conds.push(eq(gwOrders.tradeNo, q.tradeNo));
  if (q.orderNo) conds.push(eq(gwOrders.orderNo, q.orderNo));
  const order = (await ctx.db.select().from(gwOrders).where(and(...conds)).limit(1))[0];
  await ctx.db.insert(gwInquiries).values({ merchantId, orderNo: q.orderNo ?? null, tradeNo: q.tradeNo ?? null, tradeType: q.tradeType, found: !!order, receivedAt });
  if (!order) return { kind: "json", body: { code: CODES.orderNotFound, message: "Order not found" } };
  return {
    kind: "json",
    body: {
      code: CODES.ok,
      message: "Successful",
      orderNo: order.orderNo,
      tradeNo: order.tradeNo,
      tradeType: order.tradeType,
      paymentMethod: order.paymentMethod,
      money: { currency: order.currency, amount: Number(order.amount) },
      status: order.status,
      remark: remarkFor(order.status, order.fate as Fate),
    },
  };
}

/** Balance units as the decimal string of the currency's own precision (USDT 4 places, the rest 2). */
/** Why an order ended badly, as inquiry-status's `remark` tells it (empty while processing or on success). */
function remarkFor(status: string, fate: Fate): string {
  if (status === "FAILED") return fate.remark ?? "The beneficiary's bank declined the transfer";
  if (status === "EXPIRED") return fate.remark ?? "Not completed before the order expired";
  return "";
}

function decimal(units: bigint, currency: string): string {
  const digits = regionByCurrency(currency)?.amount.minorDigits ?? 2;
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const scale = 10n ** BigInt(BALANCE_DIGITS);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(BALANCE_DIGITS, "0").slice(0, digits);
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

export async function handleInquiryBalance(ctx: GatewayContext, merchantId: string, body: unknown): Promise<Reply> {
  const parsed = inquiryBalanceRequest.safeParse(body);
  if (!parsed.success) return { kind: "json", body: { code: CODES.invalidField, message: "accountNo and balanceTypes are required" } };
  const account = (
    await ctx.db
      .select()
      .from(gwAccounts)
      .where(and(eq(gwAccounts.accountNo, parsed.data.accountNo), eq(gwAccounts.merchantId, merchantId)))
  )[0];
  if (!account) return { kind: "json", body: { code: CODES.orderNotFound, message: `Account ${parsed.data.accountNo} not found` } };
  const value = decimal(account.balance, account.currency);
  return {
    kind: "json",
    body: {
      code: CODES.ok,
      message: "Successful",
      accountNo: account.accountNo,
      name: `${merchantId} ${account.kind === "payout" ? "pay-out" : "pay-in"} ${account.currency}`,
      accountInfos: [
        {
          balanceType: "BALANCE",
          amount: { currency: account.currency, value },
          availableBalance: { currency: account.currency, value },
        },
      ],
    },
  };
}
