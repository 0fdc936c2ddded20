import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { payouts } from "@/db/schema";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { enqueueMany, JOBS_SCHEMA } from "@/lib/jobs/queue";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { getBatch, loadBatch, mayHoldBatch, type BatchView } from "./get-batch";
import { moveRun } from "./move-run";

// The reconciliation sweep re-dispatches APPROVED rows that have no job (claimStalledDispatch); a paused run's
// rows are not stalled, so they are parked past its horizon until resumed.
const PARKED = new Date("9999-12-31T00:00:00Z");

/**
 * Pause a run being dispatched: the run PAUSED and nothing else. The dispatcher reads the run's status under a
 * share lock in the transaction that moves rows to SENDING (lib/gateway-work/dispatch-payouts.ts), and this takes the run's row
 * FOR UPDATE, so each row is either sent before the pause or held by it. Rows already sent go on and settle.
 */
export async function pauseBatch({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason: string } }): Promise<BatchView & { heldRows: number }> {
  const held = await ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    const b = await loadBatch(t, tx, id, true);
    if (!mayHoldBatch(ctx.user, b.createdBy)) throw new AppError("forbidden", "Only the person who created this run, an approver or an admin may pause it.");
    if (b.status !== "APPROVED") throw new AppError("conflict", `This run is ${b.status === "PAUSED" ? "already paused" : b.status}: there is nothing to pause.`);
    const parked = await tx
      .update(payouts)
      .set({ nextCheckAt: PARKED })
      .where(and(eq(payouts.batchId, id), eq(payouts.status, "APPROVED")))
      .returning({ id: payouts.id });
    if (parked.length === 0) throw new AppError("conflict", "Every row of this run was already sent: there is nothing to pause.");
    await moveRun(tx, id, "PAUSED");
    await writeAudit(tx, auditActor(t), { action: "payout_batch.paused", targetType: "payout_batch", targetId: id, before: { status: b.status }, after: { status: "PAUSED", heldRows: parked.length, reason: input.reason } });
    return parked.length;
  });
  return { ...(await getBatch({ ctx, id })), heldRows: held };
}

/**
 * Resume a paused run: APPROVED again, and a dispatch job, in file order, for every row not sent yet that has no
 * job waiting or running (jobs fetched while paused were consumed without sending; one still queued sends its
 * row itself, so no row gets two jobs). The dispatcher rechecks each row's content hash as always.
 */
export async function resumeBatch({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason: string } }): Promise<BatchView & { queuedRows: number }> {
  const queued = await ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    const b = await loadBatch(t, tx, id, true);
    if (!mayHoldBatch(ctx.user, b.createdBy)) throw new AppError("forbidden", "Only the person who created this run, an approver or an admin may resume it.");
    if (b.status !== "PAUSED") throw new AppError("conflict", `This run is ${b.status}, not paused: there is nothing to resume.`);
    const rows = await tx.execute<{ id: string; has_job: boolean }>(sql`
      update payouts p set next_check_at = null
       where p.batch_id = ${id} and p.status = 'APPROVED'
      returning p.id::text as id,
        exists (select 1 from ${sql.identifier(JOBS_SCHEMA)}.job j
                 where j.name = ${PAYOUT_DISPATCH} and j.data->>'payoutId' = p.id::text
                   and j.state in ('created', 'retry', 'active')) as has_job`);
    const toQueue = [...rows]
      .filter((r) => !r.has_job)
      .map((r) => Number(r.id))
      .sort((a, c) => a - c);
    await moveRun(tx, id, "APPROVED");
    await writeAudit(tx, auditActor(t), { action: "payout_batch.resumed", targetType: "payout_batch", targetId: id, before: { status: "PAUSED" }, after: { status: "APPROVED", rows: rows.length, queued: toQueue.length, reason: input.reason } });
    await enqueueMany(tx, PAYOUT_DISPATCH, toQueue.map((payoutId) => ({ data: { payoutId } })));
    return toQueue.length;
  });
  return { ...(await getBatch({ ctx, id })), queuedRows: queued };
}
