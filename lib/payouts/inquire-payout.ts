import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payouts } from "@/db/schema";
import { auditActor, systemCtx, withDb, type AnyCtx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { enqueue } from "@/lib/jobs/queue";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { noteOrderEvent } from "@/lib/orders/note-order-event";
import { transitionOrder } from "@/lib/orders/transition-order";
import { payoutStatusFromGateway } from "@/lib/orders/transitions";
import { getRegion } from "@/lib/smilepayz/regions";
import { nextCheckAfter, processingWindowS } from "@/lib/reconcile/cycle";
import { closeNeverArrived, gatewayFindsAnother, msUntilRequestLapses } from "./never-arrived";
import { PAYOUT_INQUIRY } from "./queues";

/** Seconds before the next inquiry, by how many were made already; past the end the pay-out is flagged. */
export const INQUIRY_DELAYS_S = [5, 15, 30, 60, 120, 300, 600, 1800] as const;
/** A PROCESSING pay-out whose callback has not come after this long is asked about. */
export const PROCESSING_FOLLOW_UP_S = 600;

export const NO_RECORD_FLAG = "the gateway has no record of this order: check with Smilepayz before doing anything";

export type InquiryResult =
  | { kind: "skipped"; status: string }
  | { kind: "resolved"; status: string }
  | { kind: "pending"; status: string; next: number }
  | { kind: "flagged"; reason: string };

/**
 * The "payout-inquiry" job: ask inquiry-status by orderNo (tradeType 2) about an UNKNOWN or PROCESSING pay-out
 * and move it to what the gateway says. Not found, or no usable answer: it stays where it is and is asked again
 * later, then flagged for a person; except an UNKNOWN the gateway still has no record of after its signed request
 * expired (never-arrived.ts): NOT_ACCEPTED, nothing paid. It NEVER sends the pay-out again.
 */
export async function inquirePayout(
  db: DbOrTx,
  payoutId: number,
  delays: readonly number[] = INQUIRY_DELAYS_S,
  opts: { ctx?: AnyCtx } = {},
): Promise<InquiryResult> {
  // A person's "check status now" acts as them (the timeline names them); jobs and the sweep as the system.
  const ctx = opts.ctx ? withDb(opts.ctx, db) : systemCtx(db, "reconciler");
  const loaded = (
    await db.select({ p: payouts, m: merchants }).from(payouts).innerJoin(merchants, eq(merchants.id, payouts.merchantId)).where(eq(payouts.id, payoutId))
  )[0];
  if (!loaded) return { kind: "skipped", status: "missing" };
  const { p, m } = loaded;
  // SENDING long past the call's timeout: its dispatcher died around the call (reconciliation asks, never resends).
  if (p.status !== "UNKNOWN" && p.status !== "PROCESSING" && p.status !== "SENDING") return { kind: "skipped", status: p.status };
  if (p.flaggedAt && !opts.ctx) return { kind: "skipped", status: p.status };

  const region = getRegion(p.region);
  const r = await gatewayClientFor(m).inquiryStatus(region, { tradeType: 2, orderNo: p.orderNo });
  const windowS = processingWindowS(region, m);

  if (r.outcome === "accepted") {
    const found = r.body;
    const wireMinor = found.money ? region.amount.fromWire(found.money.amount) : p.amountMinor;
    if (found.money && (found.money.currency !== p.currency || wireMinor !== p.amountMinor)) {
      const reason = `the gateway's order has ${found.money.amount} ${found.money.currency}, not what was sent: check with Smilepayz`;
      await flag(db, payoutId, reason);
      return { kind: "flagged", reason };
    }
    const to = payoutStatusFromGateway(found.status);
    if (to && to !== p.status) {
      const t = await db.transaction(async (tx) => {
        const res = await transitionOrder(withDb(ctx, tx), {
          type: "payout",
          id: payoutId,
          to,
          from: ["UNKNOWN", "PROCESSING", "SENDING"],
          source: "inquiry",
          set: {
            inquiryCount: p.inquiryCount + 1,
            lastInquiryAt: new Date(),
            nextCheckAt: nextCheckAfter(windowS),
            gatewayStatus: found.status ?? null,
            ...(p.tradeNo ? {} : { tradeNo: found.tradeNo ?? null }),
          },
          gatewayCode: found.code,
          gatewayMessage: found.message,
          note: `inquiry-status: ${found.status ?? "?"}`,
          rawPayload: r.responseText,
        });
        if (res.applied && to === "PROCESSING") await enqueue(tx, PAYOUT_INQUIRY, { payoutId }, { startAfter: PROCESSING_FOLLOW_UP_S });
        return res;
      });
      return { kind: "resolved", status: t.applied ? to : (t.current ?? "missing") };
    }
  }

  if (p.status === "SENDING") return orphanedSending(ctx, p.id);

  // No such order once the signed request can no longer create one, while the gateway finds our others: never sent.
  const lapse = msUntilRequestLapses(p);
  if (r.outcome === "rejected" && p.status === "UNKNOWN" && lapse !== null && lapse <= 0 && (await gatewayFindsAnother(db, m, region, p.id))) {
    const t = await closeNeverArrived(ctx, p.id, r);
    return { kind: "resolved", status: t.applied ? "NOT_ACCEPTED" : (t.current ?? "missing") };
  }

  // Still open: not found, no usable answer, or still processing. Ask again later; past the last delay, a person looks.
  const count = p.inquiryCount + 1;
  let next = delays[count - 1];
  // Not found before the request lapsed: ask again just after it has (then "not found" settles it), not later.
  if (next !== undefined && r.outcome === "rejected" && lapse !== null && lapse > 0) next = Math.min(next, Math.ceil(lapse / 1000) + 1);
  if (next === undefined) {
    const reason =
      r.outcome === "rejected"
        ? `${NO_RECORD_FLAG} (code ${r.code}: ${r.message})`
        : r.outcome === "accepted"
          ? `still ${r.body.status ?? "open"} at the gateway after ${count} inquiries: check with Smilepayz`
          : `no usable answer to ${count} inquiries: check with Smilepayz before doing anything`;
    await flag(db, payoutId, reason);
    return { kind: "flagged", reason };
  }
  await db.transaction(async (tx) => {
    // Never sooner than one reconciliation cycle: an order is asked at most once per cycle, by whichever runs first.
    await tx.update(payouts).set({ inquiryCount: sql`${payouts.inquiryCount} + 1`, lastInquiryAt: new Date(), nextCheckAt: nextCheckAfter(next) }).where(eq(payouts.id, payoutId));
    await enqueue(tx, PAYOUT_INQUIRY, { payoutId }, { startAfter: next });
    if (opts.ctx) await noteOrderEvent(withDb(ctx, tx), { type: "payout", id: payoutId, status: p.status, source: "inquiry", note: answerNote(r), rawPayload: rawOf(r) });
  });
  return { kind: "pending", status: p.status, next };
}

/** A stale SENDING the gateway has no record of (yet): UNKNOWN, asked about on the backoff, never sent again. */
async function orphanedSending(ctx: AnyCtx, payoutId: number): Promise<InquiryResult> {
  const next = INQUIRY_DELAYS_S[0];
  await ctx.db.transaction(async (tx) => {
    const t = await transitionOrder(withDb(ctx, tx), {
      type: "payout",
      id: payoutId,
      to: "UNKNOWN",
      from: ["SENDING"],
      source: "inquiry",
      set: { nextCheckAt: nextCheckAfter(next) },
      note: "the dispatch stopped around the call to the gateway, which has no record of it yet: not resending; asking again",
    });
    if (t.applied) await enqueue(tx, PAYOUT_INQUIRY, { payoutId }, { startAfter: next });
  });
  return { kind: "pending", status: "UNKNOWN", next };
}

function answerNote(r: Awaited<ReturnType<ReturnType<typeof gatewayClientFor>["inquiryStatus"]>>): string {
  if (r.outcome === "accepted") return `inquiry-status: ${r.body.status ?? "?"} (unchanged)`;
  if (r.outcome === "rejected") return `inquiry-status: code ${r.code}: ${r.message}`;
  return `inquiry-status: no usable answer (${r.outcome})`;
}
function rawOf(r: { responseText?: string | null }): string | null {
  return r.responseText ?? null;
}

/** Needs a person: the flag (not a status change) and its audit row in one transaction. */
async function flag(db: DbOrTx, payoutId: number, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(payouts)
      .set({ flaggedAt: new Date(), flagReason: reason, inquiryCount: sql`${payouts.inquiryCount} + 1`, lastInquiryAt: new Date(), updatedAt: new Date() })
      .where(eq(payouts.id, payoutId));
    await writeAudit(tx, auditActor(systemCtx(tx, "dispatcher")), { action: "payout.flagged", targetType: "payout", targetId: payoutId, after: { reason } });
  });
}
