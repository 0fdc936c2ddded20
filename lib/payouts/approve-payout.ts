import "server-only";
import { and, eq } from "drizzle-orm";
import { merchants, payouts } from "@/db/schema";
import type { Tx } from "@/db";
import { withDb, type Ctx } from "@/lib/context";
import { verifyTotpOnce } from "@/lib/auth/verify-totp-once";
import { pgConstraint, pgErrorCode } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { transitionOrder } from "@/lib/orders/transition-order";
import { sealApproval, storedFacts } from "./approval-seal";
import { storedContentHash } from "./content-hash";
import { kindOf } from "@/lib/orders/kinds";
import { loadOrderRow, scopeFilter } from "@/lib/orders/list-orders";
import { toPayoutView } from "@/lib/orders/order-rows";
import type { PayoutView } from "@/lib/orders/order-view";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";

export const OWN_PAYOUT_MESSAGE = "You created this pay-out: another approver must approve or reject it.";

/** The refusal of deciding one row of a run alone: a run is approved or rejected whole, by approving its run. */
export function runRowRefusal(payoutId: number, runId: number): AppError {
  return new AppError(
    "conflict",
    `Pay-out ${payoutId} is a row of run ${runId}: it is approved or rejected only with its run. Open run ${runId} to decide the whole run.`,
  );
}

/**
 * The row (with its credential's wire merchant id), locked, inside the user's scope; 404 otherwise. Refuses the
 * creator (maker-checker) and a row of a run (decided only with its run).
 */
export async function lockForDecision(ctx: Ctx, id: number) {
  const scope = await merchantScope(ctx.db, ctx.user);
  const found = (
    await ctx.db
      .select({ p: payouts, wire: merchants.merchantId })
      .from(payouts)
      .innerJoin(merchants, eq(merchants.id, payouts.merchantId))
      .where(and(eq(payouts.id, id), scopeFilter(kindOf("payout"), scope)))
      .for("update", { of: payouts })
  )[0];
  if (!found) throw new AppError("not_found", "No such pay-out.");
  const row = found.p;
  if (row.createdBy === ctx.user.id) throw new AppError("forbidden", OWN_PAYOUT_MESSAGE);
  if (row.batchId !== null) throw runRowRefusal(id, row.batchId);
  if (row.status !== "PENDING_APPROVAL") throw new AppError("conflict", `This pay-out is ${row.status}, not waiting for approval.`);
  return { ...row, wireMerchantId: found.wire };
}

/**
 * A second person approves: their TOTP code (used once), the content hash they saw (any change since voids it),
 * never the creator (checked here and by the database), never one row of a run. The APPROVED transition, its seal
 * (lib/payouts/approval-seal.ts) and the dispatch job commit together.
 */
export async function approvePayout({ ctx, id, input }: { ctx: Ctx; id: number; input: { code: string; contentHash: string } }): Promise<PayoutView> {
  return approveOne(ctx, id, input.contentHash, async (tx) => {
    if (!(await verifyTotpOnce(tx, ctx.user.id, input.code)).ok) throw wrongCode();
  });
}

export function wrongCode(): AppError {
  return new AppError("invalid_input", "Some fields need attention.", { code: "That code is not valid, or was already used. Wait for the next one." });
}

/**
 * One approval. `checkCode` runs inside the approval's transaction (a single approval uses its code up there, so a
 * refused approval leaves the code unused); a selection checks its one code before (approve-payouts.ts).
 */
export async function approveOne(ctx: Ctx, id: number, contentHash: string, checkCode?: (tx: Tx) => Promise<void>): Promise<PayoutView> {
  try {
    await ctx.db.transaction(async (tx) => {
      const t = withDb(ctx, tx);
      const row = await lockForDecision(t, id);
      // What the approver saw, as stored and as the columns are now (a row edited under its hash is not approvable).
      if (row.contentHash !== contentHash || storedContentHash(row, { merchantId: row.wireMerchantId }) !== contentHash) {
        throw new AppError("conflict", "This pay-out changed since you looked at it: reload it and check it again.", {
          contentHash: "Out of date",
        });
      }
      await checkCode?.(tx);
      const r = await transitionOrder(t, {
        type: "payout",
        id,
        to: "APPROVED",
        from: ["PENDING_APPROVAL"],
        source: "person",
        set: { approvedBy: ctx.user.id, approvedAt: new Date(), approvedHash: row.contentHash, approvalSeal: sealApproval(storedFacts(row, { merchantId: row.wireMerchantId })) },
        note: "approved",
      });
      if (!r.applied) throw new AppError("conflict", `This pay-out is ${r.current ?? "gone"}, not waiting for approval.`);
      await enqueue(tx, PAYOUT_DISPATCH, { payoutId: id });
    });
  } catch (e) {
    if (pgErrorCode(e) === "23514" && pgConstraint(e) === "payouts_approver_not_creator") {
      throw new AppError("forbidden", OWN_PAYOUT_MESSAGE);
    }
    throw e;
  }
  const view = await loadOrderRow(ctx, kindOf("payout"), null, id);
  if (!view) throw new AppError("not_found", "No such pay-out.");
  return toPayoutView(ctx, view);
}
