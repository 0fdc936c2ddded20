import { explainOrderOutcome, finalEventOf } from "@/lib/orders/outcome";
import type { PayoutEventView, PayoutOutcomeView, PayoutView } from "./payout-view";

/**
 * Why a pay-out ended FAILED / EXPIRED / NOT_ACCEPTED / CANCELLED / REJECTED, read from the event that moved it
 * there (lib/orders/outcome.ts): never from a note, and never from the acceptance's "00 Successful".
 */
export function explainOutcome(
  p: Pick<PayoutView, "status" | "orderNo" | "tradeNo" | "rejectReason" | "rejectedBy">,
  events: readonly PayoutEventView[],
): PayoutOutcomeView | null {
  const e = finalEventOf(p.status, events);
  return explainOrderOutcome(
    { type: "payout", status: p.status, orderNo: p.orderNo, tradeNo: p.tradeNo, rejectReason: p.rejectReason, rejectedBy: p.rejectedBy?.name ?? null },
    e,
  );
}
