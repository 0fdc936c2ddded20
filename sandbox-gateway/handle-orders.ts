import "server-only";
import { createHash } from "node:crypto";
import { formatTimestamp } from "@/lib/smilepayz/timestamp";
import { CODES } from "./codes";
import { accountNoFor } from "./control";
import type { GatewayContext } from "./context";
import { createOrder } from "./create-order";
import { fateSchema, type Fate } from "./fate";
import { PROMPTPAY_PROXY, promptPayPayload } from "./promptpay";
import { takeFate } from "./take-scenario";
import { checkPayIn, checkPayOut } from "./validate-order";

/** What the HTTP layer does with a request after the handler: answer, or a fault from a scenario. */
export type Reply = { kind: "json"; body: unknown } | { kind: "fault"; fault: Fate["requestFault"]; body?: unknown };

/** The holder of the sandbox's receiving account for BANK pay-ins (a real gateway's answer names its own). */
export const SANDBOX_ACCOUNT_NAME = "Smilepayz Sandbox Co., Ltd.";

const fail = (code: string, message: string): Reply => ({ kind: "json", body: { code, message } });

/** Faults that lose the request before an order exists, and those that create it and then misbehave. */
function preFault(fate: Fate): Reply | null {
  if (fate.requestFault === "reject") return fail(fate.rejectCode, fate.rejectMessage);
  if (fate.requestFault === "timeout" || fate.requestFault === "http_500" || fate.requestFault === "reset") {
    return { kind: "fault", fault: fate.requestFault };
  }
  return null;
}
/** The order exists, then the answer is lost: the caller cannot tell these from the pre-execution faults above. */
const POST_FAULTS = new Set<Fate["requestFault"]>(["accept_then_timeout", "accept_then_500", "accept_then_reset", "bad_body"]);
function postFault(fate: Fate, body: unknown): Reply {
  return POST_FAULTS.has(fate.requestFault) ? { kind: "fault", fault: fate.requestFault, body } : { kind: "json", body };
}

export async function handlePayOut(ctx: GatewayContext, merchantId: string, body: unknown): Promise<Reply> {
  const checked = checkPayOut(body, merchantId);
  if (!checked.ok) return fail(CODES.invalidField, checked.message);
  const { req, region } = checked;
  const fate = await takeFate(ctx, merchantId, req.orderNo);
  const early = preFault(fate);
  if (early) return early;
  const created = await createOrder(ctx, {
    merchantId,
    tradeType: 2,
    orderNo: req.orderNo,
    currency: req.money.currency,
    amount: req.money.amount,
    paymentMethod: req.paymentMethod,
    callbackUrl: req.callbackUrl,
    request: req,
    fate,
  });
  if (!created.ok) return fail(created.code, created.message);
  const o = created.order;
  return postFault(fate, {
    code: CODES.ok,
    message: "Successful",
    orderNo: o.orderNo,
    tradeNo: o.tradeNo,
    merchant: { merchantId, merchantName: req.merchant.merchantName ?? "", accountNo: accountNoFor(merchantId, req.money.currency, "payout") },
    money: req.money,
    disbursementTime: formatTimestamp(o.createdAt, region.utcOffsetMinutes),
    channel: { paymentMethod: req.paymentMethod, cashAccount: req.cashAccount, accountName: req.receiver?.name ?? "" },
    status: o.status,
  });
}

/** The payer pays a few satang less than asked, so the transfer can be matched (as in the published sample). */
function payAmountFor(amount: number, orderNo: string): number {
  const satang = 1 + (createHash("sha256").update(orderNo).digest()[0] ?? 0) % 5;
  return Math.round(amount * 100 - satang) / 100;
}

export async function handlePayIn(ctx: GatewayContext, merchantId: string, body: unknown, baseUrl: string): Promise<Reply> {
  const checked = checkPayIn(body, merchantId);
  if (!checked.ok) return fail(CODES.invalidField, checked.message);
  const { req, region } = checked;
  // Without a scenario a pay-in waits for its payer (the cashier page's Pay / Fail buttons) until it expires.
  const waitForPayer = () => fateSchema.parse({ outcome: "EXPIRED", afterMs: (req.expiryPeriod ?? 3600) * 1000 });
  const fate = await takeFate(ctx, merchantId, req.orderNo, waitForPayer);
  const early = preFault(fate);
  if (early) return early;
  const payAmount = payAmountFor(req.money.amount, req.orderNo);
  const created = await createOrder(ctx, {
    merchantId,
    tradeType: 1,
    orderNo: req.orderNo,
    currency: req.money.currency,
    amount: req.money.amount,
    payAmount,
    paymentMethod: req.paymentMethod,
    callbackUrl: req.callbackUrl,
    request: req,
    fate,
  });
  if (!created.ok) return fail(created.code, created.message);
  const o = created.order;
  const channel =
    req.paymentMethod === "QRPAY"
      ? { paymentMethod: "QRPAY", paymentUrl: `${baseUrl}/cashier/${o.tradeNo}`, qrString: promptPayPayload(PROMPTPAY_PROXY, payAmount.toFixed(2)) }
      : { paymentMethod: "BANK", paymentUrl: `${baseUrl}/cashier/${o.tradeNo}`, receiverBankName: "KBANK", vaNumber: "1234567890", accountName: SANDBOX_ACCOUNT_NAME };
  return postFault(fate, {
    code: CODES.ok,
    message: "Successful",
    orderNo: o.orderNo,
    tradeNo: o.tradeNo,
    merchant: { merchantId, merchantName: req.merchant.merchantName ?? "", accountNo: `${merchantId}-${req.money.currency}-IN` },
    money: { currency: req.money.currency, amount: req.money.amount, payAmount },
    transactionTime: formatTimestamp(o.createdAt, region.utcOffsetMinutes),
    channel,
    status: o.status,
  });
}
