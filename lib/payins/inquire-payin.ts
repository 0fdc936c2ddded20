import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins } from "@/db/schema";
import { auditActor, systemCtx, withDb } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { targetStatus } from "@/lib/callbacks/decide";
import { enqueue } from "@/lib/jobs/queue";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { noteOrderEvent } from "@/lib/orders/note-order-event";
import { transitionOrder, type TransitionArgs } from "@/lib/orders/transition-order";
import { getRegion } from "@/lib/smilepayz/regions";
import { PAYIN_INQUIRY } from "./queues";

/** Seconds before the next inquiry, by how many were made already; past the end a person must look. */
export const PAYIN_INQUIRY_DELAYS_S = [5, 15, 30, 60, 120, 300, 600, 1800] as const;

export type PayinInquiryResult =
  | { kind: "skipped"; status: string }
  | { kind: "resolved"; status: string }
  | { kind: "pending"; status: string; next: number }
  | { kind: "needs_person"; reason: string };

const OPEN = ["UNKNOWN", "INIT", "PROCESSING"] as const;

/**
 * The "payin-inquiry" job: ask inquiry-status by orderNo (tradeType 1) about an open pay-in and move it to what the
 * gateway says. It NEVER sends the pay-in again. The conflict flag columns and the reconciliation sweep come from
 * the reconciliation work (h18rest); until then a pay-in that needs a person gets an audit row and a timeline note.
 */
export async function inquirePayin(db: DbOrTx, payinId: number, delays: readonly number[] = PAYIN_INQUIRY_DELAYS_S): Promise<PayinInquiryResult> {
  const ctx = systemCtx(db, "dispatcher");
  const loaded = (await db.select({ p: payins, m: merchants }).from(payins).innerJoin(merchants, eq(merchants.id, payins.merchantId)).where(eq(payins.id, payinId)))[0];
  if (!loaded) return { kind: "skipped", status: "missing" };
  const { p, m } = loaded;
  if (!(OPEN as readonly string[]).includes(p.status)) return { kind: "skipped", status: p.status };

  const region = getRegion(p.region);
  const r = await gatewayClientFor(m).inquiryStatus(region, { tradeType: 1, orderNo: p.orderNo });
  if (r.outcome === "accepted") {
    const found = r.body;
    const wireMinor = found.money ? region.amount.fromWire(found.money.amount) : p.amountMinor;
    if (found.money && (found.money.currency !== p.currency || wireMinor !== p.amountMinor)) {
      const reason = `the gateway's order has ${found.money.amount} ${found.money.currency}, not what was asked: check with Smilepayz`;
      await needsPerson(db, payinId, p.status, reason, r.responseText);
      return { kind: "needs_person", reason };
    }
    const to = targetStatus("payin", found.status ?? "") as TransitionArgs<"payin">["to"] | null;
    if (to && to !== p.status) {
      const t = await db.transaction(async (tx) => {
        const res = await transitionOrder(withDb(ctx, tx), {
          type: "payin",
          id: payinId,
          to,
          from: [...OPEN],
          source: "inquiry",
          set: { inquiryCount: p.inquiryCount + 1, lastInquiryAt: new Date(), gatewayStatus: found.status ?? null, ...(p.tradeNo ? {} : { tradeNo: found.tradeNo ?? null }) },
          gatewayCode: found.code,
          gatewayMessage: found.message,
          note: `inquiry-status: ${found.status ?? "?"}${found.remark ? ` (${found.remark})` : ""}`,
          rawPayload: r.responseText,
        });
        // Still open at the gateway: ask again once the payer's time is up.
        if (res.applied && (to === "PROCESSING" || to === "INIT")) await enqueue(tx, PAYIN_INQUIRY, { payinId }, { startAfter: secondsToExpiry(p.expiresAt) });
        return res;
      });
      return { kind: "resolved", status: t.applied ? to : (t.current ?? "missing") };
    }
  }

  const count = p.inquiryCount + 1;
  const next = delays[count - 1];
  if (next === undefined) {
    const reason =
      r.outcome === "rejected"
        ? `the gateway has no record of this pay-in (code ${r.code}: ${r.message}): check with Smilepayz`
        : `no final answer to ${count} inquiries: check with Smilepayz`;
    await needsPerson(db, payinId, p.status, reason, r.responseText);
    return { kind: "needs_person", reason };
  }
  await db.transaction(async (tx) => {
    await tx.update(payins).set({ inquiryCount: sql`${payins.inquiryCount} + 1`, lastInquiryAt: new Date() }).where(eq(payins.id, payinId));
    await enqueue(tx, PAYIN_INQUIRY, { payinId }, { startAfter: Math.max(next, secondsToExpiry(p.expiresAt)) });
  });
  return { kind: "pending", status: p.status, next };
}

function secondsToExpiry(expiresAt: Date | null): number {
  if (!expiresAt) return 0;
  return Math.max(5, Math.ceil((expiresAt.getTime() - Date.now()) / 1000) + 30);
}

async function needsPerson(db: DbOrTx, payinId: number, status: string, reason: string, raw: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    const ctx = systemCtx(tx, "dispatcher");
    // Flagged for a person (the dashboard's "Needs a person" lists flagged pay-ins), as reconciliation flags stuck ones.
    await tx
      .update(payins)
      .set({ inquiryCount: sql`${payins.inquiryCount} + 1`, lastInquiryAt: new Date(), updatedAt: new Date(), flaggedAt: sql`coalesce(${payins.flaggedAt}, now())`, flagReason: reason.slice(0, 500) })
      .where(eq(payins.id, payinId));
    await noteOrderEvent(ctx, { type: "payin", id: payinId, status, source: "inquiry", note: `needs a person: ${reason}`, rawPayload: raw });
    await writeAudit(tx, auditActor(ctx), { action: "payin.needs_review", targetType: "payin", targetId: payinId, after: { reason } });
  });
}
