/**
 * Every run (payout_batches) status change the app allows, as data; lib/payout-batches/move-run.ts is the only
 * writer of a run's status and refuses anything not listed here. A run's rows have their own table
 * (lib/order-status/transitions.ts). Pure module: db/schema/enums.ts builds the enum from RUN_STATUSES.
 */
/** In the database enum's order. VALIDATED and SUBMITTED are from before approvals: no run enters them now. */
export const RUN_STATUSES = ["VALIDATED", "SUBMITTED", "CANCELLED", "PENDING_APPROVAL", "APPROVED", "REJECTED", "PAUSED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TRANSITIONS = {
  PENDING_APPROVAL: ["APPROVED", "REJECTED", "CANCELLED"],
  // APPROVED: being dispatched row by row; a pause holds the rows not sent yet, a cancel ends them.
  APPROVED: ["PAUSED", "CANCELLED"],
  PAUSED: ["APPROVED", "CANCELLED"],
  VALIDATED: [],
  SUBMITTED: [],
  CANCELLED: [],
  REJECTED: [],
} as const satisfies Record<RunStatus, readonly RunStatus[]>;

export function canMoveRun(from: string, to: string): boolean {
  return (RUN_TRANSITIONS[from as RunStatus] as readonly string[] | undefined)?.includes(to) ?? false;
}

/** The statuses from which `to` may be reached: the WHERE of the conditional UPDATE. */
export function runPredecessors(to: RunStatus): RunStatus[] {
  return RUN_STATUSES.filter((from) => canMoveRun(from, to));
}
