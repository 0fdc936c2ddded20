import { predecessors, TABLES, type OrderType, type StatusOf } from "./transitions";

/**
 * The sets of statuses the gateway work reads, derived from the transition table (never listed by hand, so a new
 * status lands in the right set by its place in the table). Pure.
 */

/** The status an order is sent from: the only way into UNKNOWN is an ambiguous answer to the call. */
function callStatus(type: OrderType): string {
  const from = predecessors(type, "UNKNOWN").filter((s) => s !== "UNKNOWN");
  if (from.length !== 1 || !from[0]) throw new Error(`the ${type} table must have exactly one way into UNKNOWN`);
  return from[0];
}

/** Every status reachable from `start` (not `start` itself unless it loops back). */
function reachable(type: OrderType, start: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(TABLES[type][start] ?? [])];
  for (let s = todo.pop(); s !== undefined; s = todo.pop()) {
    if (seen.has(s)) continue;
    seen.add(s);
    todo.push(...(TABLES[type][s] ?? []));
  }
  return seen;
}

function derive(type: OrderType) {
  const all = Object.keys(TABLES[type]);
  const call = callStatus(type);
  const after = reachable(type, call);
  const waiting = all.filter((s) => after.has(s) && (TABLES[type][s]?.length ?? 0) > 0);
  // A pay-out's SENDING is entered only to send (it has a way in) and can outlive its worker: the wing asks about
  // it too. A pay-in is created in its call status; a stalled one is its dispatch job's to settle.
  const open = predecessors(type, call).length > 0 ? [call, ...waiting] : waiting;
  return {
    call,
    /** Sent, not final: the gateway has (or may have) it and has not given its last word. */
    waiting,
    /** What the gateway wing claims and asks inquiry-status about. */
    open,
    /** Never reached the call: the gateway cannot know the order. */
    notSent: all.filter((s) => s !== call && !after.has(s)),
  };
}

const SETS = { payout: derive("payout"), payin: derive("payin") };

/** The status committed (or held) while the order is sent: SENDING for a pay-out, CREATING for a pay-in. */
export function sendingStatus<T extends OrderType>(type: T): StatusOf<T> {
  return SETS[type].call as StatusOf<T>;
}

/** Statuses the gateway wing asks about (claims, sweeps, an order's own inquiry). */
export function openStatuses<T extends OrderType>(type: T): StatusOf<T>[] {
  return SETS[type].open as StatusOf<T>[];
}

/** Sent and not final: what a person may ask the gateway about ("check status now"). */
export function awaitingStatuses<T extends OrderType>(type: T): StatusOf<T>[] {
  return SETS[type].waiting as StatusOf<T>[];
}

/** Statuses of an order that never reached the gateway (a callback about one is a mistake or a forgery). */
export function notSentStatuses<T extends OrderType>(type: T): StatusOf<T>[] {
  return SETS[type].notSent as StatusOf<T>[];
}
