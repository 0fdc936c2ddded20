import type { OrderStory } from "@/lib/orders/get-order-story";

/** Statuses in words a customer understands; nothing internal (no codes, no people, no merchant ids). */
const PLAIN: Record<string, string> = {
  SUCCESS: "has been completed",
  FAILED: "did not go through",
  EXPIRED: "expired before it was paid",
  CANCELLED: "was cancelled",
  REJECTED: "was not approved and was not sent",
  NOT_ACCEPTED: "was not accepted by the payment network and was not sent",
  UNKNOWN: "is being confirmed with the payment network",
};

/** A ready-to-send sentence or two: status, amount, date and the reference when there is one. */
export function customerSummary(o: Pick<OrderStory["order"], "type" | "status" | "amount" | "createdAt" | "orderNo" | "tradeNo">): string {
  const what = o.type === "payout" ? "Your payment" : "Your payment request";
  const state = PLAIN[o.status] ?? "is in progress";
  const date = new Date(o.createdAt).toISOString().slice(0, 10);
  const ref = o.tradeNo ? ` The payment network's reference is ${o.tradeNo}.` : "";
  return `${what} ${o.orderNo} of ${o.amount}, made on ${date}, ${state}.${ref}`;
}
