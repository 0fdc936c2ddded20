import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks, payouts } from "@/db/schema";
import { auditActor, type SystemCtx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import type { OrderType } from "@/lib/orders/transitions";

export type CallbackOutcome = (typeof callbacks.$inferInsert)["outcome"];
export type CallbackRecord = Omit<typeof callbacks.$inferInsert, "id" | "receivedAt">;

/** Headers kept with the record: everything the gateway sent except credentials a proxy might add. */
const DROPPED = new Set(["cookie", "authorization", "proxy-authorization"]);

export function storedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!DROPPED.has(name)) out[name] = value.slice(0, 2_000);
  });
  return out;
}

/** One row per callback received, whatever became of it; returns its id (order events point at it). */
export async function recordCallback(db: DbOrTx, row: CallbackRecord): Promise<number> {
  // PostgreSQL text cannot hold NUL; such a body is never valid JSON, so it is kept readable rather than refused with a 500.
  const rawBody = row.rawBody.includes("\u0000") ? row.rawBody.replaceAll("\u0000", "\uFFFD") : row.rawBody;
  const [inserted] = await db.insert(callbacks).values({ ...row, rawBody }).returning({ id: callbacks.id });
  if (!inserted) throw new Error("callback row not inserted");
  return inserted.id;
}

/**
 * Mark a pay-out for a person to review (a conflicting callback). Not a status change, so a plain UPDATE of the
 * two flag columns; the first flag time is kept. Pay-ins have no flag columns yet: their callbacks row
 * (outcome conflict, review_reason) is the record.
 */
export async function flagForReview(ctx: SystemCtx, order: { type: OrderType; id: number }, reason: string, callbackId: number): Promise<void> {
  if (order.type !== "payout") return;
  await ctx.db
    .update(payouts)
    .set({ flaggedAt: sql`coalesce(${payouts.flaggedAt}, now())`, flagReason: reason.slice(0, 500) })
    .where(eq(payouts.id, order.id));
  await writeAudit(ctx.db, auditActor(ctx), {
    action: "payout.flagged",
    targetType: "payout",
    targetId: order.id,
    after: { reason: reason.slice(0, 200), callbackId },
  });
}
