import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { callbacks, payins, payouts } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/merchants/merchant-scope";

/**
 * An admin resolves a flagged conflict: the callback row records who, when and the note; the order's flag is
 * cleared (so it leaves "Needs a person" and reconciliation may ask about it again). Status is not touched: a
 * status change goes through the gateway's answer only. One transaction with its audit row.
 */
export async function resolveCallback({ ctx, id, input }: { ctx: Ctx; id: number; input: { note: string } }): Promise<{ callbackId: number; resolvedAt: string }> {
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
    const now = new Date();
    await tx.update(callbacks).set({ resolvedAt: now, resolvedBy: ctx.user.id, resolutionNote: input.note }).where(and(eq(callbacks.id, id), isNull(callbacks.resolvedAt)));
    if (cb.payoutId !== null) await tx.update(payouts).set({ flaggedAt: null, flagReason: null }).where(eq(payouts.id, cb.payoutId));
    if (cb.payinId !== null) await tx.update(payins).set({ flaggedAt: null, flagReason: null }).where(eq(payins.id, cb.payinId));
    await writeAudit(tx, auditActor(ctx), {
      action: "callback.resolved",
      targetType: "callback",
      targetId: id,
      before: { reviewReason: cb.reviewReason },
      after: { note: input.note, order: cb.payoutId !== null ? `payout ${cb.payoutId}` : cb.payinId !== null ? `payin ${cb.payinId}` : null },
    });
    return { callbackId: id, resolvedAt: now.toISOString() };
  });
}
