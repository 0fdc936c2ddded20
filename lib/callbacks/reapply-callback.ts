import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { callbacks } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { isFinal, type OrderType } from "@/lib/order-status/transitions";
import { claimOne } from "@/lib/gateway-work/claim-due";
import { inquireOrder } from "@/lib/gateway-work/inquire-order";
import { orderStatus } from "./order-status";
import { confirmCallback } from "./confirm-callback";

export interface ReapplyResult {
  callbackId: number;
  /** What happened: the gateway's answer moved the order, or nothing changed (already where the gateway says). */
  result: "confirmed" | "asked" | "unchanged";
  status: string;
}

/**
 * An admin re-applies a stored, verified callback. Its body is never trusted (the signature does not cover it):
 * a callback still waiting for confirmation is confirmed now (confirmCallback); for any other, an order still
 * open is asked about through the reconciliation path, as the admin. An order already final is left as it is.
 * Applying twice changes nothing the first did not. Audited as callback.reapplied.
 */
export async function reapplyCallback({ ctx, id }: { ctx: Ctx; id: number }): Promise<ReapplyResult> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const [cb] = await ctx.db
    .select()
    .from(callbacks)
    .where(and(eq(callbacks.id, id), scope === null ? undefined : inArray(callbacks.merchantId, scope.length ? scope : [-1])));
  if (!cb) throw new AppError("not_found", "No such callback.");
  const type: OrderType | null = cb.payoutId !== null ? "payout" : cb.payinId !== null ? "payin" : null;
  const orderId = cb.payoutId ?? cb.payinId;
  if (!cb.signatureValid || type === null || orderId === null) {
    throw new AppError("conflict", "Only a verified callback about a known order can be re-applied: this one changed nothing and never will.");
  }
  const before = await orderStatus(ctx.db, type, orderId);
  let result: ReapplyResult["result"] = "unchanged";
  if (cb.outcome === "confirming" && !cb.confirmedAt) {
    await confirmCallback(ctx.db, id, { lastAttempt: false, claim: "person" });
    result = "confirmed";
  } else if (before && !isFinal(type, before) && (await claimOne(ctx.db, type, orderId, "person"))) {
    await inquireOrder(ctx.db, type, orderId, { ctx });
    result = "asked";
  }
  const after = (await orderStatus(ctx.db, type, orderId)) ?? "missing";
  await writeAudit(ctx.db, auditActor(ctx), {
    action: "callback.reapplied",
    targetType: "callback",
    targetId: id,
    before: { status: before },
    after: { status: after, result, order: `${type} ${orderId}` },
  });
  return { callbackId: id, result: result !== "unchanged" && after === before ? "unchanged" : result, status: after };
}
