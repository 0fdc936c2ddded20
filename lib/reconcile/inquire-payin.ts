import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins } from "@/db/schema";
import { auditActor, systemCtx, withDb, type AnyCtx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { targetStatus } from "@/lib/callbacks/decide";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { noteOrderEvent } from "@/lib/orders/note-order-event";
import { transitionOrder } from "@/lib/orders/transition-order";
import { canTransition, type PayinStatusName } from "@/lib/orders/transitions";
import { INQUIRY_DELAYS_S, type InquiryResult } from "@/lib/payouts/inquire-payout";
import { getRegion } from "@/lib/smilepayz/regions";
import { nextCheckAfter, processingWindowS } from "./cycle";

/**
 * Ask inquiry-status (tradeType 1) about an open pay-in and move it to what the gateway says: a pay-in past its
 * expiry period becomes EXPIRED when (and only when) the gateway says EXPIRED. Still open: asked again on the
 * same backoff as pay-outs, then flagged for a person. A gateway amount other than the order's moves nothing.
 */
export async function inquirePayin(db: DbOrTx, payinId: number, opts: { ctx?: AnyCtx } = {}): Promise<InquiryResult> {
  const ctx = opts.ctx ? withDb(opts.ctx, db) : systemCtx(db, "reconciler");
  const [loaded] = await db.select({ p: payins, m: merchants }).from(payins).innerJoin(merchants, eq(merchants.id, payins.merchantId)).where(eq(payins.id, payinId));
  if (!loaded) return { kind: "skipped", status: "missing" };
  const { p, m } = loaded;
  if (!["INIT", "PROCESSING", "UNKNOWN"].includes(p.status)) return { kind: "skipped", status: p.status };
  if (p.flaggedAt && !opts.ctx) return { kind: "skipped", status: p.status };

  const region = getRegion(p.region);
  const r = await gatewayClientFor(m).inquiryStatus(region, { tradeType: 1, orderNo: p.orderNo });
  const count = p.inquiryCount + 1;
  if (r.outcome === "accepted") {
    const found = r.body;
    const wireMinor = found.money ? region.amount.fromWire(found.money.amount) : p.amountMinor;
    if (found.money && (found.money.currency !== p.currency || (wireMinor !== p.amountMinor && wireMinor !== p.payAmountMinor))) {
      const reason = `the gateway's order has ${found.money.amount} ${found.money.currency}, not what was asked for: check with Smilepayz`;
      await flagPayin(db, payinId, reason);
      return { kind: "flagged", reason };
    }
    const to = targetStatus("payin", found.status ?? "") as PayinStatusName | null;
    if (to && to !== p.status && canTransition("payin", p.status, to)) {
      const t = await transitionOrder(ctx, {
        type: "payin",
        id: payinId,
        to,
        source: "inquiry",
        set: { inquiryCount: count, lastInquiryAt: new Date(), nextCheckAt: nextCheckAfter(processingWindowS(region, m)), gatewayStatus: found.status ?? null, ...(p.tradeNo ? {} : { tradeNo: found.tradeNo ?? null }) },
        gatewayCode: found.code,
        gatewayMessage: found.message,
        note: `inquiry-status: ${found.status ?? "?"}`,
        rawPayload: r.responseText,
      });
      return { kind: "resolved", status: t.applied ? to : (t.current ?? "missing") };
    }
  }

  // A pay-in waiting for its payer is asked again around its expiry; one past it, on the backoff.
  const expiresIn = p.expiresAt ? Math.ceil((p.expiresAt.getTime() - Date.now()) / 1000) : 0;
  const next = p.status === "INIT" && expiresIn > 0 ? expiresIn + 5 : INQUIRY_DELAYS_S[count - 1];
  if (next === undefined) {
    const reason =
      r.outcome === "accepted"
        ? `still ${r.body.status ?? "open"} at the gateway after ${count} inquiries: check with Smilepayz`
        : `no usable answer to ${count} inquiries (${r.outcome === "rejected" ? `code ${r.code}: ${r.message}` : r.outcome}): check with Smilepayz`;
    await flagPayin(db, payinId, reason);
    return { kind: "flagged", reason };
  }
  await db.transaction(async (tx) => {
    await tx.update(payins).set({ inquiryCount: sql`${payins.inquiryCount} + 1`, lastInquiryAt: new Date(), nextCheckAt: nextCheckAfter(next) }).where(eq(payins.id, payinId));
    if (opts.ctx) {
      const note = r.outcome === "accepted" ? `inquiry-status: ${r.body.status ?? "?"} (unchanged)` : `inquiry-status: no usable answer (${r.outcome})`;
      await noteOrderEvent(withDb(ctx, tx), { type: "payin", id: payinId, status: p.status, source: "inquiry", note, rawPayload: r.responseText });
    }
  });
  return { kind: "pending", status: p.status, next };
}

/** Stuck: the flag (not a status change) and its audit row in one transaction. */
async function flagPayin(db: DbOrTx, payinId: number, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(payins)
      .set({ flaggedAt: new Date(), flagReason: reason, inquiryCount: sql`${payins.inquiryCount} + 1`, lastInquiryAt: new Date(), updatedAt: new Date() })
      .where(eq(payins.id, payinId));
    await writeAudit(tx, auditActor(systemCtx(tx, "reconciler")), { action: "payin.flagged", targetType: "payin", targetId: payinId, after: { reason } });
  });
}
