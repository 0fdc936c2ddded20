import { statusFromGateway } from "@/lib/order-status/gateway-words";
import { notSentStatuses } from "@/lib/order-status/status-sets";
import { canTransition, isFinal, type OrderType } from "@/lib/order-status/transitions";
import { getRegion, type RegionCode } from "@/lib/smilepayz/regions";

/** What a verified callback does to its order. Pure: the caller holds the order's row lock while deciding. */
export type Decision =
  | { kind: "apply"; to: string }
  | { kind: "duplicate"; note: string }
  | { kind: "ignored"; note: string }
  | { kind: "conflict"; reason: string };

export interface OrderState {
  type: OrderType;
  status: string;
  orderNo: string;
  tradeNo: string | null;
  amountMinor: bigint;
  currency: string;
  region: RegionCode;
}

export interface CallbackFacts {
  orderNo: string;
  tradeNo: string;
  status: string;
  currency: string;
  amount: number;
}

/**
 * Identity and money first (a callback about another order or amount is never applied, whatever its status),
 * then the status: the same status again is a duplicate, a different final status after a final one is a
 * conflict, a non-final status after a final one arrived out of order and is ignored.
 */
export function decide(order: OrderState, cb: CallbackFacts): Decision {
  if (order.tradeNo !== null && order.tradeNo !== cb.tradeNo) {
    return { kind: "conflict", reason: `tradeNo ${cb.tradeNo} does not match the order's tradeNo ${order.tradeNo}` };
  }
  if (order.orderNo !== cb.orderNo) {
    return { kind: "conflict", reason: `orderNo ${cb.orderNo} does not match the order's orderNo ${order.orderNo}` };
  }
  if (cb.currency !== order.currency) {
    return { kind: "conflict", reason: `currency ${cb.currency} differs from the order's ${order.currency}` };
  }
  const minor = getRegion(order.region).amount.fromWire(cb.amount);
  if (minor !== order.amountMinor) {
    return { kind: "conflict", reason: `amount ${cb.amount} (${minor ?? "not representable"} minor units) differs from the order's ${order.amountMinor}` };
  }
  const to: string | null = statusFromGateway(order.type, cb.status);
  if (to === null) return { kind: "ignored", note: `status ${cb.status} is not one the app acts on; inquiry-status settles it` };
  if (order.status === to) return { kind: "duplicate", note: `already ${to}` };
  if (isFinal(order.type, order.status)) {
    if (isFinal(order.type, to)) return { kind: "conflict", reason: `order is ${order.status}, callback says ${to}` };
    return { kind: "ignored", note: `${to} arrived after the final ${order.status} (out of order)` };
  }
  if (canTransition(order.type, order.status, to)) return { kind: "apply", to };
  // An order the gateway cannot know yet: a callback about it is a mistake or a forgery.
  if ((notSentStatuses(order.type) as string[]).includes(order.status) || isFinal(order.type, to)) {
    return { kind: "conflict", reason: `callback says ${to} while the order is ${order.status}` };
  }
  return { kind: "ignored", note: `${to} arrived after ${order.status} (out of order)` };
}
