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

/** Ended at the payment network: its reason is the customer's answer (a person's reason for rejecting stays internal). */
const NETWORK_ENDED = new Set(["FAILED", "EXPIRED", "CANCELLED"]);
const FROM_NETWORK = new Set(["callback", "inquiry", "response"]);

/** A ready-to-send sentence or two: status and the payment network's reason, amount, date and the reference. */
export function customerSummary(
  o: Pick<OrderStory["order"], "type" | "status" | "amount" | "createdAt" | "orderNo" | "tradeNo">,
  outcome: Pick<NonNullable<OrderStory["outcome"]>, "source" | "reason"> | null = null,
): string {
  const what = o.type === "payout" ? "Your payment" : "Your payment request";
  let state = PLAIN[o.status] ?? "is in progress";
  if (outcome && NETWORK_ENDED.has(o.status) && FROM_NETWORK.has(outcome.source)) {
    const none = o.type === "payout" ? "No money was sent." : "No money was taken.";
    state = outcome.reason
      ? `${state}: the payment network says “${outcome.reason.replace(/[.\s]+$/, "")}”. ${none.slice(0, -1)}`
      : `${state}. The payment network gave no reason; we are asking them and will tell you. ${none.slice(0, -1)}`;
  } else if (o.status === "NOT_ACCEPTED" && outcome?.source === "response" && outcome.reason) {
    state = `${state} (the payment network says “${outcome.reason.replace(/[.\s]+$/, "")}”)`;
  }
  const date = new Date(o.createdAt).toISOString().slice(0, 10);
  const ref = o.tradeNo ? ` The payment network's reference is ${o.tradeNo}.` : "";
  return `${what} ${o.orderNo} of ${o.amount}, made on ${date}, ${state}.${ref}`;
}
