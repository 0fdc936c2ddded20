import "server-only";
import { asc, eq } from "drizzle-orm";
import { merchants, payouts } from "@/db/schema";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { can } from "@/lib/auth/permissions";
import { verifyTotpOnce } from "@/lib/auth/verify-totp-once";
import { pgConstraint, pgErrorCode } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { enqueueMany } from "@/lib/jobs/queue";
import { transitionOrders } from "@/lib/orders/transition-order";
import { sealApproval, storedFacts } from "@/lib/payouts/approval-seal";
import { wrongCode } from "@/lib/payouts/approve-payout";
import { storedContentHash } from "@/lib/payouts/content-hash";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { batchHash } from "./create-batch";
import { getBatch, loadBatch, type BatchView } from "./get-batch";
import { moveRun } from "./move-run";

export const OWN_BATCH_MESSAGE = "You created this run: another approver must approve or reject it.";

/**
 * A second person approves the whole run with one TOTP code bound to the run's content hash (the file's sha256
 * and every row's content hash): every row APPROVED (with the hash it had and its seal over its content, purpose
 * and run, which dispatch recomputes), the run APPROVED and one dispatch job per row in file order, in one
 * transaction. Never the creator.
 */
export async function approveBatch({ ctx, id, input }: { ctx: Ctx; id: number; input: { code: string; contentHash: string } }): Promise<BatchView> {
  try {
    await ctx.db.transaction(async (tx) => {
      const t = withDb(ctx, tx);
      const b = await decidable(t, id);
      const rows = (
        await tx.select({ p: payouts, wire: merchants.merchantId }).from(payouts).innerJoin(merchants, eq(merchants.id, payouts.merchantId)).where(eq(payouts.batchId, id)).orderBy(asc(payouts.id))
      ).map(({ p, wire }) => ({ ...p, hash: p.contentHash, wire: { merchantId: wire } }));
      // The rows as they are now (columns rehashed), not only as their stored hashes say.
      const edited = rows.some((r) => storedContentHash(r, r.wire) !== r.hash);
      if (edited || b.contentHash !== input.contentHash || batchHash(b.sha256, rows.map((r) => r.hash)) !== b.contentHash) {
        throw new AppError("conflict", "This run changed since you looked at it: reload it and check it again.", { contentHash: "Out of date" });
      }
      if (!(await verifyTotpOnce(tx, ctx.user.id, input.code)).ok) throw wrongCode();
      const now = new Date();
      const waiting = rows.filter((r) => r.status === "PENDING_APPROVAL");
      const res = await transitionOrders(t, "payout", waiting.map((r) => ({ id: r.id, to: "APPROVED" as const, from: ["PENDING_APPROVAL" as const], source: "person" as const, set: { approvedBy: ctx.user.id, approvedAt: now, approvedHash: r.hash, approvalSeal: sealApproval(storedFacts(r, r.wire)) }, note: `approved with run ${id}` })));
      const approved = waiting.filter((_, i) => res[i]?.applied).map((r) => r.id);
      await moveRun(tx, id, "APPROVED", { approvedBy: ctx.user.id, approvedAt: now });
      await writeAudit(tx, auditActor(t), { action: "payout_batch.approved", targetType: "payout_batch", targetId: id, after: { rows: approved.length, contentHash: b.contentHash } });
      await enqueueMany(tx, PAYOUT_DISPATCH, approved.map((payoutId) => ({ data: { payoutId } })));
    });
  } catch (e) {
    if (pgErrorCode(e) === "23514" && pgConstraint(e)?.endsWith("approver_not_creator")) throw new AppError("forbidden", OWN_BATCH_MESSAGE);
    throw e;
  }
  return getBatch({ ctx, id });
}

/** A second person refuses the run: every row REJECTED, nothing sent. Never the creator. */
export async function rejectBatch({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason: string } }): Promise<BatchView> {
  await ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    await decidable(t, id);
    const rows = await tx.select({ id: payouts.id }).from(payouts).where(eq(payouts.batchId, id)).orderBy(asc(payouts.id));
    await transitionOrders(t, "payout", rows.map((r) => ({ id: r.id, to: "REJECTED" as const, from: ["PENDING_APPROVAL" as const], source: "person" as const, set: { rejectedBy: ctx.user.id, rejectReason: input.reason }, note: `run ${id} rejected: ${input.reason}` })));
    await moveRun(tx, id, "REJECTED", { rejectedBy: ctx.user.id, decisionNote: input.reason });
    await writeAudit(tx, auditActor(t), { action: "payout_batch.rejected", targetType: "payout_batch", targetId: id, after: { reason: input.reason } });
  });
  return getBatch({ ctx, id });
}

/**
 * Stop a run: every row not sent yet (waiting for approval, or approved and queued) is CANCELLED; rows already
 * sent go on. Row locks (transitionOrders) order this against the dispatcher's SENDING: each row is one or the other.
 * Its creator, or an admin.
 */
export async function cancelBatch({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason: string } }): Promise<BatchView & { cancelledRows: number }> {
  const cancelled = await ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    const b = await loadBatch(t, tx, id, true);
    if (b.createdBy !== ctx.user.id && !can(ctx.user.role, "payouts.cancel_any")) throw new AppError("forbidden", "Only the person who created this run, or an admin, may cancel it.");
    if (b.status !== "PENDING_APPROVAL" && b.status !== "APPROVED" && b.status !== "PAUSED") throw new AppError("conflict", `This run is ${b.status}: nothing is left to cancel.`);
    const open = await tx.select({ id: payouts.id }).from(payouts).where(eq(payouts.batchId, id)).orderBy(asc(payouts.id));
    const res = await transitionOrders(t, "payout", open.map((r) => ({ id: r.id, to: "CANCELLED" as const, from: ["PENDING_APPROVAL" as const, "APPROVED" as const], source: "person" as const, note: `run ${id} cancelled before this row was sent: ${input.reason}` })));
    const n = res.filter((r) => r.applied).length;
    if (n === 0) throw new AppError("conflict", "Every row of this run was already sent: nothing is left to cancel.");
    await moveRun(tx, id, "CANCELLED", { decisionNote: input.reason });
    await writeAudit(tx, auditActor(t), { action: "payout_batch.cancelled", targetType: "payout_batch", targetId: id, after: { cancelledRows: n, reason: input.reason } });
    return n;
  });
  return { ...(await getBatch({ ctx, id })), cancelledRows: cancelled };
}

async function decidable(ctx: Ctx, id: number) {
  const b = await loadBatch(ctx, ctx.db, id, true);
  if (b.createdBy === ctx.user.id) throw new AppError("forbidden", OWN_BATCH_MESSAGE);
  if (b.status !== "PENDING_APPROVAL") throw new AppError("conflict", `This run is ${b.status}, not waiting for approval.`);
  return b;
}
