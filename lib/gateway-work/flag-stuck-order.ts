import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payins, payouts } from "@/db/schema";
import { auditActor, systemCtx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import type { OrderType } from "@/lib/order-status/transitions";

/** Who the audit log names for each kind's flag (the names it has always used). */
const FLAGGED_BY = { payout: "dispatcher", payin: "reconciler" } as const;

/**
 * An order inquiry could not settle needs a person: the flag (not a status change), the inquiry counted, and its
 * audit row, in one transaction.
 */
export async function flagStuckOrder(db: DbOrTx, type: OrderType, id: number, reason: string): Promise<void> {
  const t = type === "payout" ? payouts : payins;
  await db.transaction(async (tx) => {
    await tx
      .update(t)
      .set({ flaggedAt: new Date(), flagReason: reason, inquiryCount: sql`${t.inquiryCount} + 1`, lastInquiryAt: new Date(), updatedAt: new Date() })
      .where(eq(t.id, id));
    await writeAudit(tx, auditActor(systemCtx(tx, FLAGGED_BY[type])), { action: `${type}.flagged`, targetType: type, targetId: id, after: { reason } });
  });
}
