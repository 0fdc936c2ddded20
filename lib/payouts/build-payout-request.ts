import "server-only";
import type { merchants, payouts } from "@/db/schema";
import { env } from "@/lib/env";
import { callbackUrlProblem } from "@/lib/merchants/callback-url-policy";
import { getRegion } from "@/lib/smilepayz/regions";
import type { PayOutRequest } from "@/lib/smilepayz/wire";

export const CALLBACK_PATH = "/api/callbacks/smilepayz";

/**
 * Where the gateway posts this credential's callbacks: its own base URL when the callback URL rules still allow
 * it (a row may predate them), else the app's public one.
 */
export function callbackUrlFor(m: Pick<typeof merchants.$inferSelect, "callbackBaseUrl">): string | undefined {
  const own = m.callbackBaseUrl && callbackUrlProblem(m.callbackBaseUrl) === null ? m.callbackBaseUrl : null;
  const base = own ?? env().APP_BASE_URL;
  return base ? `${base.replace(/\/+$/, "")}${CALLBACK_PATH}` : undefined;
}

/** The wire pay-out request, from the committed row only (the region file says which extra fields go). */
export function buildPayoutRequest(
  p: typeof payouts.$inferSelect,
  m: Pick<typeof merchants.$inferSelect, "merchantId" | "callbackBaseUrl">,
): PayOutRequest {
  const region = getRegion(p.region);
  const receiver = p.receiverName || p.taxNumber ? { name: p.receiverName ?? undefined, taxNumber: p.taxNumber ?? undefined } : undefined;
  return {
    orderNo: p.orderNo,
    purpose: p.purpose,
    merchant: { merchantId: m.merchantId, ...(p.subMerchantId ? { subMerchantId: p.subMerchantId } : {}) },
    money: { currency: p.currency, amount: region.amount.toWire(p.amountMinor) },
    paymentMethod: p.paymentMethod,
    cashAccount: p.cashAccount,
    ...(receiver ? { receiver } : {}),
    ...(p.network ? { network: p.network } : {}),
    ...(region.payout.additionalParam ? { additionalParam: {} } : {}),
    ...(region.sendArea ? { area: region.area } : {}),
    ...(callbackUrlFor(m) ? { callbackUrl: callbackUrlFor(m) } : {}),
  };
}
