import "server-only";
import type { merchants, payins } from "@/db/schema";
import { callbackUrlFor } from "@/lib/payouts/build-payout-request";
import { getRegion } from "@/lib/smilepayz/regions";
import type { PayInRequest } from "@/lib/smilepayz/wire";

/**
 * The wire pay-in request, from the committed row only: the fields of the public API summary (orderNo, purpose,
 * merchant, money, paymentMethod, payer, expiryPeriod, callbackUrl, redirectUrl when given; area only where the
 * region file says to send it).
 */
export function buildPayinRequest(
  p: typeof payins.$inferSelect,
  m: Pick<typeof merchants.$inferSelect, "merchantId" | "callbackBaseUrl">,
): PayInRequest {
  const region = getRegion(p.region);
  const callbackUrl = callbackUrlFor(m);
  return {
    orderNo: p.orderNo,
    purpose: p.purpose,
    merchant: { merchantId: m.merchantId },
    money: { currency: p.currency, amount: region.amount.toWire(p.amountMinor) },
    paymentMethod: p.paymentMethod,
    ...(region.payin?.payer ? { payer: { name: p.payerName ?? "", accountNo: p.payerAccountNo ?? "", bankName: p.payerBankName ?? "" } } : {}),
    expiryPeriod: p.expirySeconds,
    ...(region.sendArea ? { area: region.area } : {}),
    ...(callbackUrl ? { callbackUrl } : {}),
    ...(p.redirectUrl ? { redirectUrl: p.redirectUrl } : {}),
  };
}
