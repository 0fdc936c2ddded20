import "server-only";
import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { callbacks, payins, payouts } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";

/**
 * An admin resolves a flagged conflict: the callback row records who, when and the note; once every conflict of the
 * order is resolved its flag is cleared (so it leaves "Needs a person" and reconciliation may ask about it again);
 * while another stays open the flag stays. Status is not touched: a status change goes through the gateway's answer
 * only. One transaction with its audit row.
 */
export async function resolveCallback({ ctx, id, input }: { ctx: Ctx; id: number; input: { note: string } }): Promise<{ callbackId: number; resolvedAt: string; openConflicts: number }> {
  const scope = await merchantScope(ctx.db, ctx.user);
  return ctx.db.transaction(async (tx) => {
    const [cb] = await tx
      .select()
      .from(callbacks)
      .where(and(eq(callbacks.id, id), scope === null ? undefined : inArray(callbacks.merchantId, scope.length ? scope : [-1])))
      .for("update");
    if (!cb) throw new AppError("not_found", "No such callback.");
    if (cb.outcome !== "conflict") throw new AppError("conflict", `This callback's outcome is ${cb.outcome}, not a conflict: there is nothing to resolve.`);
    if (cb.resolvedAt) throw new AppError("conflict", "This conflict was resolved already.");
    // The order's row is locked before its other conflicts are counted: two admins resolving its last two conflicts
    // at once are taken in turn, and the second sees the first's, so the flag is cleared (not kept by both).
    const order = cb.payoutId !== null ? { t: payouts, col: callbacks.payoutId, id: cb.payoutId } : cb.payinId !== null ? { t: payins, col: callbacks.payinId, id: cb.payinId } : null;
    if (order) await tx.select({ id: order.t.id }).from(order.t).where(eq(order.t.id, order.id)).for("update");
    const now = new Date();
    await tx.update(callbacks).set({ resolvedAt: now, resolvedBy: ctx.user.id, resolutionNote: input.note }).where(and(eq(callbacks.id, id), isNull(callbacks.resolvedAt)));
    const [open] = order
      ? await tx
          .select({ n: count() })
          .from(callbacks)
          .where(and(eq(order.col, order.id), eq(callbacks.outcome, "conflict"), isNull(callbacks.resolvedAt)))
      : [];
    const openConflicts = open?.n ?? 0;
    if (order && openConflicts === 0) await tx.update(order.t).set({ flaggedAt: null, flagReason: null }).where(eq(order.t.id, order.id));
    await writeAudit(tx, auditActor(ctx), {
      action: "callback.resolved",
      targetType: "callback",
      targetId: id,
      before: { reviewReason: cb.reviewReason },
      after: { note: input.note, order: cb.payoutId !== null ? `payout ${cb.payoutId}` : cb.payinId !== null ? `payin ${cb.payinId}` : null, openConflicts },
    });
    return { callbackId: id, resolvedAt: now.toISOString(), openConflicts };
  });
}
