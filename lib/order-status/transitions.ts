/**
 * Every order status change the app allows, as data. lib/orders/transition-order.ts is the only writer of an
 * order's status and refuses anything not listed here; a final status has no way out (and a database trigger
 * refuses it too). Pure, on the base floor: words, the UI and every domain read it; status-sets.ts derives the
 * sets the gateway work uses from it.
 */
/** Pay-out statuses in the database enum's order (db/schema/enums.ts builds the enum from this list). */
export const PAYOUT_STATUSES = [
  "PENDING_APPROVAL",
  "APPROVED",
  "REJECTED",
  "SENDING",
  "UNKNOWN",
  "NOT_ACCEPTED",
  "PROCESSING",
  "SUCCESS",
  "FAILED",
  "EXPIRED",
  "CANCELLED",
] as const;

export const PAYOUT_TRANSITIONS = {
  PENDING_APPROVAL: ["APPROVED", "REJECTED", "CANCELLED"],
  APPROVED: ["SENDING", "CANCELLED"],
  // SENDING: committed before the call. The answer, or a callback that beats it, moves it on.
  SENDING: ["PROCESSING", "NOT_ACCEPTED", "UNKNOWN", "SUCCESS", "FAILED", "EXPIRED", "CANCELLED"],
  // UNKNOWN: only inquiry-status or a callback resolves it; never a resend with a new orderNo. NOT_ACCEPTED: the
  // gateway has no such order after the signed request expired (lib/gateway-work/never-arrived.ts).
  UNKNOWN: ["PROCESSING", "SUCCESS", "FAILED", "EXPIRED", "CANCELLED", "NOT_ACCEPTED"],
  PROCESSING: ["SUCCESS", "FAILED", "EXPIRED", "CANCELLED"],
  REJECTED: [],
  NOT_ACCEPTED: [],
  SUCCESS: [],
  FAILED: [],
  EXPIRED: [],
  CANCELLED: [],
} as const satisfies Record<(typeof PAYOUT_STATUSES)[number], readonly (typeof PAYOUT_STATUSES)[number][]>;

export const PAYIN_TRANSITIONS = {
  CREATING: ["INIT", "PROCESSING", "NOT_ACCEPTED", "UNKNOWN", "SUCCESS", "FAILED", "EXPIRED"],
  UNKNOWN: ["INIT", "PROCESSING", "SUCCESS", "FAILED", "EXPIRED"],
  INIT: ["PROCESSING", "SUCCESS", "FAILED", "EXPIRED", "CANCELLED"],
  PROCESSING: ["SUCCESS", "FAILED", "EXPIRED"],
  NOT_ACCEPTED: [],
  SUCCESS: [],
  FAILED: [],
  EXPIRED: [],
  CANCELLED: [],
} as const satisfies Record<string, readonly string[]>;

export type PayoutStatusName = keyof typeof PAYOUT_TRANSITIONS;
export type PayinStatusName = keyof typeof PAYIN_TRANSITIONS;
export type OrderType = "payout" | "payin";
export type StatusOf<T extends OrderType> = T extends "payout" ? PayoutStatusName : PayinStatusName;

/** Both tables by kind: status -> the statuses it may move to. */
export const TABLES: Record<OrderType, Record<string, readonly string[]>> = { payout: PAYOUT_TRANSITIONS, payin: PAYIN_TRANSITIONS };

export function isFinal(type: OrderType, status: string): boolean {
  return (TABLES[type][status]?.length ?? 0) === 0;
}

export function canTransition(type: OrderType, from: string, to: string): boolean {
  return TABLES[type][from]?.includes(to) ?? false;
}

/** The statuses from which `to` may be reached: the WHERE of the conditional UPDATE. */
export function predecessors(type: OrderType, to: string): string[] {
  return Object.entries(TABLES[type])
    .filter(([, next]) => next.includes(to))
    .map(([from]) => from);
}

export function finalStatuses(type: OrderType): string[] {
  return Object.entries(TABLES[type])
    .filter(([, next]) => next.length === 0)
    .map(([s]) => s);
}
