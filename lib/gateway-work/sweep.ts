import "server-only";
import type { DbOrTx } from "@/db";
import { describeError, log } from "@/lib/log";
import { claimDue, claimStalledDispatch } from "./claim-due";
import { SWEEP_LIMIT } from "./cycle";
import { dispatchPayouts } from "./dispatch-payouts";
import { inquireOrder } from "./inquire-order";

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
  const work = [...payoutIds.map((id) => () => inquireOrder(db, "payout", id)), ...payinIds.map((id) => () => inquireOrder(db, "payin", id))];
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
