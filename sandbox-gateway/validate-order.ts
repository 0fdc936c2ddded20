import "server-only";
import { findPayoutMethod, regionByCurrency } from "@/lib/smilepayz/regions";
import type { Region } from "@/lib/smilepayz/regions/types";
import { isValidOrderNo } from "@/lib/smilepayz/order-no";
import { payInRequest, payOutRequest, type PayInRequest, type PayOutRequest } from "@/lib/smilepayz/wire";

/**
 * The gateway's view of a request body, checked with the same region declarations the app's forms use.
 * Returns the first problem as a human message (as a payment gateway would), or the parsed request.
 */
type Checked<T> = { ok: true; region: Region; req: T; minor: bigint } | { ok: false; message: string };

function common(req: { orderNo: string; purpose: string; callbackUrl?: string; redirectUrl?: string; merchant: { merchantId: string } }, partnerId: string): string | null {
  if (!isValidOrderNo(req.orderNo)) return "orderNo must be 6-32 letters and digits";
  const purposeLength = [...req.purpose].length;
  if (purposeLength < 1 || purposeLength > 64) return "purpose must be 1-64 characters";
  if (req.merchant.merchantId !== partnerId) return "merchant.merchantId does not match X-PARTNER-ID";
  if ((req.callbackUrl?.length ?? 0) > 256) return "callbackUrl is longer than 256 characters";
  if ((req.redirectUrl?.length ?? 0) > 256) return "redirectUrl is longer than 256 characters";
  return null;
}

function amountOf(region: Region, amount: number, min: bigint, max: bigint): { minor: bigint } | { message: string } {
  const minor = region.amount.fromWire(amount);
  if (minor === null || minor <= 0n || minor % region.amount.stepMinor !== 0n) {
    return { message: `money.amount ${amount} is not a valid ${region.currency} amount` };
  }
  if (minor < min || minor > max) return { message: `money.amount ${amount} is outside the allowed range` };
  return { minor };
}

export function checkPayOut(body: unknown, partnerId: string): Checked<PayOutRequest> {
  const parsed = payOutRequest.safeParse(body);
  if (!parsed.success) return { ok: false, message: `Invalid field: ${parsed.error.issues[0]?.path.join(".") ?? "body"}` };
  const req = parsed.data;
  const problem = common(req, partnerId);
  if (problem) return { ok: false, message: problem };
  const region = regionByCurrency(req.money.currency);
  if (!region) return { ok: false, message: `Unsupported currency ${req.money.currency}` };
  const amount = amountOf(region, req.money.amount, region.payout.minAmount, region.payout.maxAmount);
  if ("message" in amount) return { ok: false, message: amount.message };
  const method = findPayoutMethod(region, req.paymentMethod);
  if (!method || method.code !== req.paymentMethod) return { ok: false, message: `Unknown paymentMethod ${req.paymentMethod}` };
  const account = method.normalizeAccount(req.cashAccount);
  const accountError = account !== req.cashAccount ? "cashAccount is not in canonical form" : method.validateAccount(account);
  if (accountError) return { ok: false, message: `cashAccount: ${accountError}` };
  const p = region.payout;
  if (p.receiverName && !req.receiver?.name?.trim()) return { ok: false, message: "receiver.name is required" };
  if (p.taxNumber) {
    const tax = req.receiver?.taxNumber ?? "";
    const err = p.taxNumberRule ? p.taxNumberRule.validate(p.taxNumberRule.normalize(tax)) : tax ? null : "required";
    if (err) return { ok: false, message: `receiver.taxNumber: ${err}` };
  }
  if (p.networks) {
    if (!req.network || !p.networks.includes(req.network)) return { ok: false, message: `network must be one of ${p.networks.join(", ")}` };
    const err = p.validateAccountForNetwork?.(req.network, account);
    if (err) return { ok: false, message: `cashAccount: ${err}` };
  }
  return { ok: true, region, req, minor: amount.minor };
}

export function checkPayIn(body: unknown, partnerId: string): Checked<PayInRequest> {
  const parsed = payInRequest.safeParse(body);
  if (!parsed.success) return { ok: false, message: `Invalid field: ${parsed.error.issues[0]?.path.join(".") ?? "body"}` };
  const req = parsed.data;
  const problem = common(req, partnerId);
  if (problem) return { ok: false, message: problem };
  const region = regionByCurrency(req.money.currency);
  if (!region?.payin) return { ok: false, message: `Pay-in is not available for ${req.money.currency}` };
  const method = region.payin.methods.find((m) => m.code === req.paymentMethod);
  if (!method) return { ok: false, message: `Unknown paymentMethod ${req.paymentMethod}` };
  const amount = amountOf(region, req.money.amount, method.minAmount, method.maxAmount);
  if ("message" in amount) return { ok: false, message: amount.message };
  if (region.payin.payer && !(req.payer?.name && req.payer.accountNo && req.payer.bankName)) {
    return { ok: false, message: "payer.name, payer.accountNo and payer.bankName are required" };
  }
  const exp = region.payin.expiryPeriod;
  if (exp && req.expiryPeriod !== undefined && (req.expiryPeriod < 60 || req.expiryPeriod > exp.maxSeconds)) {
    return { ok: false, message: `expiryPeriod must be 60-${exp.maxSeconds} seconds` };
  }
  return { ok: true, region, req, minor: amount.minor };
}
