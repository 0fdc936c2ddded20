import "server-only";
import { eq, sql } from "drizzle-orm";
import { payins, payouts } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { auditActor, withTransaction, type AnyCtx } from "@/lib/context";
import type { OrderType } from "@/lib/order-status/transitions";

export interface OrderFlag {
  type: OrderType;
  id: number;
  /** Why a person must look; shown on the order. */
  reason: string;
  /** The callback that disagreed, when one did. */
  callbackId?: number | null;
  /** The flag ends an inquiry: counted (inquiry count and time) in the same UPDATE. */
  afterInquiry?: boolean;
}

/**
 * Mark an order for a person to look at, with its audit row (the actor is ctx's), in one transaction. Not a
 * status change, so a plain UPDATE of the two flag columns; the first flag time is kept.
 */
export async function flagOrder(ctx: AnyCtx, f: OrderFlag): Promise<void> {
  const now = new Date();
  const flag = (t: typeof payouts | typeof payins) => ({
    flaggedAt: sql`coalesce(${t.flaggedAt}, now())`,
    flagReason: f.reason.slice(0, 500),
    ...(f.afterInquiry ? { inquiryCount: sql`${t.inquiryCount} + 1`, lastInquiryAt: now, updatedAt: now } : {}),
  });
  await withTransaction(ctx, async (t) => {
    if (f.type === "payout") await t.db.update(payouts).set(flag(payouts)).where(eq(payouts.id, f.id));
    else await t.db.update(payins).set(flag(payins)).where(eq(payins.id, f.id));
    await writeAudit(t.db, auditActor(t), {
      action: `${f.type}.flagged`,
      targetType: f.type,
      targetId: f.id,
      after: { reason: f.reason.slice(0, 200), ...(f.callbackId ? { callbackId: f.callbackId } : {}) },
    });
  });
}
