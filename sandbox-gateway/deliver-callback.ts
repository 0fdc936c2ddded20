import "server-only";
import { and, count, eq } from "drizzle-orm";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { signCallback } from "@/lib/smilepayz/signature";
import { formatTimestamp } from "@/lib/smilepayz/timestamp";
import type { CallbackBody } from "@/lib/smilepayz/wire";
import type { GatewayContext } from "./context";
import { gwCallbackAttempts, gwMerchants, gwOrders } from "./schema";

export class CallbackNotAcknowledged extends Error {}

/**
 * One delivery attempt of a signed callback. Acknowledged only by HTTP 200 with the body `SUCCESS`; anything
 * else throws so the queue retries with backoff. Every attempt is recorded.
 */
export async function deliverCallback(ctx: GatewayContext, job: { tradeNo: string; status: string }): Promise<void> {
  const order = (await ctx.db.select().from(gwOrders).where(eq(gwOrders.tradeNo, job.tradeNo)))[0];
  if (!order?.callbackUrl) return;
  const merchant = (await ctx.db.select().from(gwMerchants).where(eq(gwMerchants.merchantId, order.merchantId)))[0];
  const region = regionByCurrency(order.currency);
  const now = ctx.now();
  const offset = region?.utcOffsetMinutes ?? 0;
  const timestamp = formatTimestamp(now, offset);
  const request = order.request as { payer?: { name?: string; accountNo?: string; bankName?: string } };
  const body: CallbackBody = {
    orderNo: order.orderNo,
    tradeNo: order.tradeNo,
    merchantId: order.merchantId,
    merchantName: merchant?.name ?? "",
    subMerchantId: "",
    subMerchantName: "",
    paymentMethod: order.paymentMethod,
    transactionTime: formatTimestamp(order.finalAt ?? now, offset),
    status: job.status,
    money: {
      currency: order.currency,
      amount: Number(order.amount),
      ...(order.payAmount ? { payAmount: Number(order.payAmount) } : {}),
    },
    ...(order.tradeType === 1 && request.payer
      ? { payer: { name: request.payer.name, accountNo: maskAccount(request.payer.accountNo ?? ""), bankName: request.payer.bankName } }
      : {}),
  };
  const raw = JSON.stringify(body);
  const signature = signCallback({ tradeNo: order.tradeNo, timestamp, privateKey: ctx.platformKey });
  const [prior] = await ctx.db
    .select({ n: count() })
    .from(gwCallbackAttempts)
    .where(and(eq(gwCallbackAttempts.tradeNo, order.tradeNo), eq(gwCallbackAttempts.status, job.status)));
  const attempt = (prior?.n ?? 0) + 1;

  let httpStatus: number | null = null;
  let responseText: string | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(order.callbackUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-TIMESTAMP": timestamp, "X-SIGNATURE": signature },
      body: raw,
      signal: AbortSignal.timeout(10_000),
    });
    httpStatus = res.status;
    responseText = (await res.text()).slice(0, 2_000);
  } catch (e) {
    error = e instanceof Error ? e.message : "delivery failed";
  }
  const delivered = httpStatus === 200 && responseText?.trim() === "SUCCESS";
  await ctx.db.insert(gwCallbackAttempts).values({
    tradeNo: order.tradeNo,
    attempt,
    url: order.callbackUrl,
    status: job.status,
    httpStatus,
    responseText,
    delivered,
    error,
  });
  if (!delivered) throw new CallbackNotAcknowledged(`callback ${order.tradeNo} attempt ${attempt} not acknowledged`);
}

function maskAccount(v: string): string {
  return v.length <= 4 ? v : `${"*".repeat(v.length - 4)}${v.slice(-4)}`;
}
