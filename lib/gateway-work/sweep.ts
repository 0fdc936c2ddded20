import "server-only";
import type { DbOrTx } from "@/db";
import { describeError, log } from "@/lib/log";
import type { OrderType } from "@/lib/order-status/transitions";
import { claimDue, claimStalledDispatch, stillClaimed, type DueClaim } from "./claim-due";
import { SWEEP_LIMIT } from "./cycle";
import { dispatchPayouts } from "./dispatch-payouts";
import { inquireOrder, type InquiryResult } from "./inquire-order";

export interface SweepResult {
  redispatched: number;
  payouts: number;
  payins: number;
  resolved: number;
  pending: number;
  flagged: number;
  failed: number;
}

/** Inquiries in flight at once per sweep: the gateway is asked steadily, not in one burst. */
const IN_FLIGHT = 8;


/**
 * One reconciliation cycle: hand stalled dispatches on (claimStalledDispatch), claim the open pay-outs and pay-ins that are due (PROCESSING past their window,
 * UNKNOWN on their backoff, pay-ins past their expiry) and ask inquiry-status about each once. An order another
 * instance claimed this cycle is not in this sweep's list. Errors on one order do not stop the others; its claim
 * expires after a cycle and the next sweep asks again.
 */
export async function runSweep(db: DbOrTx): Promise<SweepResult> {
  const stalled = await claimStalledDispatch(db, SWEEP_LIMIT);
  if (stalled.length > 0) await dispatchPayouts(db, stalled);
  const payoutIds = await claimDue(db, "payout", SWEEP_LIMIT);
  const payinIds = await claimDue(db, "payin", SWEEP_LIMIT);
  // An ask that starts more than a moment after its claim renews the claim first (stillClaimed): skipped if another
  // ask took the order meanwhile, so no order is asked twice within a cycle however long the sweep's queue is.
  const askFor = (type: OrderType, c: DueClaim) => async (): Promise<InquiryResult> => {
    if (!(await stillClaimed(db, type, c))) return { kind: "skipped", status: "claimed by another ask, or final" };
    return inquireOrder(db, type, c.id);
  };
  const work = [...payoutIds.map((c) => askFor("payout", c)), ...payinIds.map((c) => askFor("payin", c))];
  const out: SweepResult = { redispatched: stalled.length, payouts: payoutIds.length, payins: payinIds.length, resolved: 0, pending: 0, flagged: 0, failed: 0 };
  let next = 0;
  const lane = async () => {
    while (next < work.length) {
      const job = work[next++];
      if (!job) break;
      try {
        const r = await job();
        if (r.kind === "resolved") out.resolved++;
        else if (r.kind === "pending") out.pending++;
        else if (r.kind === "flagged") out.flagged++;
      } catch (e) {
        out.failed++;
        log().warn(describeError(e), "reconciliation: one inquiry failed; asked again next cycle");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, work.length) }, lane));
  return out;
}
