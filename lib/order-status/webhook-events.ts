import { isFinal, type OrderType } from "./transitions";

/**
 * The events a merchant's systems can subscribe to, and which order moves make them. Only final statuses (set after
 * the gateway confirmed them: a callback is confirmed by inquiry-status before the order moves) make a
 * `*.succeeded`/`*.failed`/`*.expired`; `order.flagged` is the first flag of an order (a person must look). Pure.
 */
export const WEBHOOK_EVENT_TYPES = ["payout.succeeded", "payout.failed", "payin.succeeded", "payin.expired", "order.flagged"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Words for people, per event. */
export const WEBHOOK_EVENT_WORDS: Record<WebhookEventType, string> = {
  "payout.succeeded": "Pay-out paid",
  "payout.failed": "Pay-out not paid (failed, expired or refused by the gateway)",
  "payin.succeeded": "Pay-in received",
  "payin.expired": "Pay-in expired unpaid",
  "order.flagged": "Order flagged for a person to look at",
};

// A pay-out that ends without the money moving after it was sent. CANCELLED and REJECTED are a person's decision
// before sending (not a failure the merchant's systems wait on); they make no event.
const PAYOUT_FAILED = new Set(["FAILED", "EXPIRED", "NOT_ACCEPTED"]);

/** The event a status change makes, or null. */
export function webhookEventFor(type: OrderType, to: string): WebhookEventType | null {
  if (!isFinal(type, to)) return null;
  if (type === "payout") return to === "SUCCESS" ? "payout.succeeded" : PAYOUT_FAILED.has(to) ? "payout.failed" : null;
  return to === "SUCCESS" ? "payin.succeeded" : to === "EXPIRED" ? "payin.expired" : null;
}
