import "server-only";
import type { Ctx } from "@/lib/api/context";
import { verifyTotpOnce } from "@/lib/auth/verify-totp-once";
import { AppError } from "@/lib/errors";
import { approveOne, wrongCode } from "./approve-payout";

export type ApproveResult = { id: number; ok: true; status: string } | { id: number; ok: false; error: { code: string; message: string } };

/**
 * Approving a selection from the queue: the approver's one TOTP code is checked (and used up) once for the list,
 * then each pay-out is approved in its own transaction, bound to the content hash the approver saw. One refusal
 * (own pay-out, changed since, already decided) does not stop the others; each result says what happened.
 */
export async function approvePayouts({ ctx, input }: { ctx: Ctx; input: { code: string; items: { id: number; contentHash: string }[] } }): Promise<{ results: ApproveResult[] }> {
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
