import type { BatchTransition, TransitionArgs } from "@/lib/orders/transition-order";
import { statusFromGateway } from "@/lib/order-status/gateway-words";
import { sendingStatus } from "@/lib/order-status/status-sets";
import type { OrderType, StatusOf } from "@/lib/order-status/transitions";
import type { CallOutcome } from "@/lib/smilepayz/client";

/** First inquiry this long after an ambiguous answer: the gateway has usually settled by then. */
export const FIRST_INQUIRY_DELAY_S = 5;

export type SentAs = "accepted" | "rejected" | "unknown" | "not_sent";
/** What one dispatch did with one order, either kind (only a pay-out is ever cancelled by its guard). */
export type DispatchResult =
  | { kind: "skipped"; status: string }
  | { kind: "cancelled"; reason: string }
  | { kind: "orphaned" }
  | { kind: "sent"; outcome: SentAs; status: string };
/** The client's answer, or a throw before any byte left (no key, no base URL). */
export type SendAnswer<B> = CallOutcome<B> | { outcome: "thrown"; reason: string };
interface AcceptedBody {
  code: string;
  message: string;
  tradeNo?: string;
  status?: string;
}

export interface AnswerPlan<T extends OrderType> {
  outcome: SentAs;
  args: BatchTransition<T>;
  /** When inquiry-status asks next, in the transaction that applies the answer; null: no ask. */
  inquiryAfterS: number | null;
}

/** What a kind adds to an accepted answer: its own columns, and when inquiry-status follows it up. */
export interface OnAccepted<T extends OrderType, B> {
  set?: (body: B) => TransitionArgs<T>["set"];
  followUpS: (to: StatusOf<T>) => number | null;
}

/**
 * What the gateway's answer to a send does to the order, for either kind: accepted moves it to the gateway's word
 * (PROCESSING when it says nothing we act on), refused or never sent is NOT_ACCEPTED, anything ambiguous is
 * UNKNOWN and asked about soon: the payment may exist, so it is never resent.
 */
export function answerPlan<T extends OrderType, B extends AcceptedBody>(type: T, id: number, r: SendAnswer<B>, accepted: OnAccepted<T, B>): AnswerPlan<T> {
  const from = [sendingStatus(type)];
  const status = (s: string) => s as StatusOf<T>;
  if (r.outcome === "thrown" || r.outcome === "not_sent") {
    return { outcome: "not_sent", inquiryAfterS: null, args: { id, to: status("NOT_ACCEPTED"), from, source: "system", note: `not sent: ${r.reason}` } };
  }
  const http = `HTTP ${r.httpStatus ?? "-"} in ${r.durationMs} ms`;
  if (r.outcome === "accepted") {
    const a = r.body;
    const to = statusFromGateway(type, a.status) ?? status("PROCESSING");
    const common = { tradeNo: a.tradeNo ?? null, gatewayStatus: a.status ?? null, gatewayCode: a.code, gatewayMessage: a.message };
    const set = { ...common, ...accepted.set?.(a) } as TransitionArgs<T>["set"];
    const args = { id, to, from, source: "response", set, gatewayCode: a.code, gatewayMessage: a.message, note: `accepted (${http})`, rawPayload: r.responseText } as const;
    return { outcome: "accepted", inquiryAfterS: accepted.followUpS(to), args };
  }
  if (r.outcome === "rejected") {
    const set = { gatewayCode: r.code, gatewayMessage: r.message } as TransitionArgs<T>["set"];
    const note = `refused by the gateway (${http})`;
    return { outcome: "rejected", inquiryAfterS: null, args: { id, to: status("NOT_ACCEPTED"), from, source: "response", set, gatewayCode: r.code, gatewayMessage: r.message, note, rawPayload: r.responseText } };
  }
  const noun = type === "payout" ? "pay-out" : "pay-in";
  const note = `no usable answer (${r.reason}: ${r.detail}); the ${noun} may exist: asking the gateway, never resending`;
  return { outcome: "unknown", inquiryAfterS: FIRST_INQUIRY_DELAY_S, args: { id, to: status("UNKNOWN"), from, source: "response", note, rawPayload: r.responseText } };
}
