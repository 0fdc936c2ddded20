import "server-only";
import { and, eq } from "drizzle-orm";
import { payouts } from "@/db/schema";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { transitionOrder } from "@/lib/orders/transition-order";
import { kindOf } from "@/lib/orders/kinds";
import { loadOrderRow, scopeFilter } from "@/lib/orders/list-orders";
import { canCancel, toPayoutView } from "@/lib/orders/order-rows";
import type { PayoutView } from "@/lib/orders/order-view";

/**
 * Withdraw a pay-out that waits for approval, so a lone approver's own pay-out is not stuck: its creator, or an
 * admin (any, inside their merchants). Nothing was sent. CANCELLED through transitionOrder (source person) and a
 * `payout.cancelled` audit row with the reason, in one transaction.
 */
export async function cancelPayout({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason: string } }): Promise<PayoutView> {
  await ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    const scope = await merchantScope(tx, ctx.user);
    const row = (await tx.select().from(payouts).where(and(eq(payouts.id, id), scopeFilter(kindOf("payout"), scope))).for("update"))[0];
    if (!row) throw new AppError("not_found", "No such pay-out.");
    if (row.status !== "PENDING_APPROVAL") throw new AppError("conflict", `This pay-out is ${row.status}, not waiting for approval: it cannot be cancelled.`);
    if (!canCancel(ctx, row)) throw new AppError("forbidden", "Only the person who created this pay-out, or an admin, may cancel it.");
    const by = row.createdBy === ctx.user.id ? "creator" : "admin";
    const r = await transitionOrder(t, {
      type: "payout",
      id,
      to: "CANCELLED",
      from: ["PENDING_APPROVAL"],
      source: "person",
      note: `cancelled by the ${by} before approval: ${input.reason}`,
    });
    if (!r.applied) throw new AppError("conflict", `This pay-out is ${r.current ?? "gone"}, not waiting for approval.`);
    await writeAudit(tx, auditActor(t), {
      action: "payout.cancelled",
      targetType: "payout",
      targetId: id,
      before: { status: "PENDING_APPROVAL" },
      after: { status: "CANCELLED", by, reason: input.reason },
    });
  });
  const row = await loadOrderRow(ctx, kindOf("payout"), null, id);
  if (!row) throw new AppError("not_found", "No such pay-out.");
  return toPayoutView(ctx, row);
}
