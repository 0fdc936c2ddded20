import "server-only";
import { eq, sql } from "drizzle-orm";
import { payins, payouts } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { auditActor, withTransaction, type AnyCtx } from "@/lib/context";
import type { OrderType } from "@/lib/order-status/transitions";
import { enqueueOrderWebhooks } from "./order-webhooks";

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
    // flagged_at keeps the first flag's time: equal to this transaction's now() only when this call flagged it.
    const [row] =
      f.type === "payout"
        ? await t.db.update(payouts).set(flag(payouts)).where(eq(payouts.id, f.id)).returning({ merchantId: payouts.merchantId, first: sql<boolean>`${payouts.flaggedAt} = now()` })
        : await t.db.update(payins).set(flag(payins)).where(eq(payins.id, f.id)).returning({ merchantId: payins.merchantId, first: sql<boolean>`${payins.flaggedAt} = now()` });
    if (row?.first) await enqueueOrderWebhooks(t.db, [{ type: "order.flagged", orderType: f.type, orderId: f.id, merchantId: row.merchantId, at: now.toISOString() }]);
    await writeAudit(t.db, auditActor(t), {
      action: `${f.type}.flagged`,
      targetType: f.type,
      targetId: f.id,
      after: { reason: f.reason.slice(0, 200), ...(f.callbackId ? { callbackId: f.callbackId } : {}) },
    });
  });
}
