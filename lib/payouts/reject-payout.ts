import "server-only";
import { withDb, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { transitionOrder } from "@/lib/orders/transition-order";
import { lockForDecision } from "./approve-payout";
import { kindOf } from "@/lib/orders/kinds";
import { loadOrderRow } from "@/lib/orders/list-orders";
import { toPayoutView } from "@/lib/orders/order-rows";
import type { PayoutView } from "@/lib/orders/order-view";

/** A second person refuses a pay-out that waits for approval; it is never sent. Never the creator. */
export async function rejectPayout({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason: string } }): Promise<PayoutView> {
  await ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    await lockForDecision(t, id);
    const r = await transitionOrder(t, {
      type: "payout",
      id,
      to: "REJECTED",
      from: ["PENDING_APPROVAL"],
      source: "person",
      set: { rejectedBy: ctx.user.id, rejectReason: input.reason },
      note: input.reason,
    });
    if (!r.applied) throw new AppError("conflict", `This pay-out is ${r.current ?? "gone"}, not waiting for approval.`);
  });
  const row = await loadOrderRow(ctx, kindOf("payout"), null, id);
  if (!row) throw new AppError("not_found", "No such pay-out.");
  return toPayoutView(ctx, row);
}
