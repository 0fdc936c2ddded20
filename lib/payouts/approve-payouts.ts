import "server-only";
import { and, inArray, isNotNull } from "drizzle-orm";
import { payouts } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { verifyTotpOnce } from "@/lib/auth/verify-totp-once";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { approveOne, runRowRefusal, wrongCode } from "./approve-payout";
import { kindOf } from "@/lib/orders/kinds";
import { scopeFilter } from "@/lib/orders/list-orders";

export type ApproveResult = { id: number; ok: true; status: string } | { id: number; ok: false; error: { code: string; message: string } };

/**
 * Approving a selection from the queue: the approver's one TOTP code is checked (and used up) once for the list,
 * then each pay-out is approved in its own transaction, bound to the content hash the approver saw. One refusal
 * (own pay-out, changed since, already decided) does not stop the others; each result says what happened. A
 * selection naming a row of a run is refused whole (409, before the code is used): a run is approved as a run.
 */
export async function approvePayouts({ ctx, input }: { ctx: Ctx; input: { code: string; items: { id: number; contentHash: string }[] } }): Promise<{ results: ApproveResult[] }> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const ids = input.items.map((i) => i.id);
  const [runRow] = await ctx.db
    .select({ id: payouts.id, batchId: payouts.batchId })
    .from(payouts)
    .where(and(inArray(payouts.id, ids), isNotNull(payouts.batchId), scopeFilter(kindOf("payout"), scope)))
    .orderBy(payouts.id)
    .limit(1);
  if (runRow?.batchId != null) {
    const e = runRowRefusal(runRow.id, runRow.batchId);
    throw new AppError("conflict", `${e.message} Nothing in this selection was approved.`);
  }
  const check = await ctx.db.transaction((tx) => verifyTotpOnce(tx, ctx.user.id, input.code));
  if (!check.ok) throw wrongCode();
  const results: ApproveResult[] = [];
  for (const item of input.items) {
    try {
      const payout = await approveOne(ctx, item.id, item.contentHash);
      results.push({ id: item.id, ok: true, status: payout.status });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({ id: item.id, ok: false, error: { code: e.code, message: e.message } });
    }
  }
  return { results };
}
