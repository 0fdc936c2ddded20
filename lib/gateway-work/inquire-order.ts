import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins, payouts } from "@/db/schema";
import { systemCtx, withDb, type AnyCtx } from "@/lib/context";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { noteOrderEvent } from "@/lib/orders/note-order-event";
import { transitionOrder } from "@/lib/orders/transition-order";
import { statusFromGateway } from "@/lib/order-status/gateway-words";
import { openStatuses } from "@/lib/order-status/status-sets";
import { canTransition, type OrderType, type StatusOf } from "@/lib/order-status/transitions";
import { getRegion, type Region } from "@/lib/smilepayz/regions";
import { nextCheckAfter, processingWindowS } from "./cycle";
import { flagOrder } from "@/lib/orders/flag-order";
import { markOrphaned } from "./mark-orphaned";
import { closeNeverArrived, gatewayFindsAnother, msUntilRequestLapses } from "./never-arrived";
import { scheduleInquiry } from "./schedule-inquiry";

/** Seconds before the next inquiry, by how many were made already; past the end the order is flagged. */
export const INQUIRY_DELAYS_S = [5, 15, 30, 60, 120, 300, 600, 1800] as const;
/** A PROCESSING pay-out whose callback has not come after this long is asked about. */
export const PROCESSING_FOLLOW_UP_S = 600;

export const NO_RECORD_FLAG = "the gateway has no record of this order: check with Smilepayz before doing anything";

export type InquiryResult =
  | { kind: "skipped"; status: string }
  | { kind: "resolved"; status: string }
  | { kind: "pending"; status: string; next: number }
  | { kind: "flagged"; reason: string };

type Answer = Awaited<ReturnType<ReturnType<typeof gatewayClientFor>["inquiryStatus"]>>;
type Order = (typeof payouts.$inferSelect | typeof payins.$inferSelect) & { payAmountMinor?: bigint | null };
interface Asked {
  type: OrderType;
  ctx: AnyCtx;
  p: Order;
  m: typeof merchants.$inferSelect;
  region: Region;
  r: Answer;
  /** A person asks (check status now, re-apply): the answer goes on the timeline as theirs. */
  byPerson: boolean;
}

const TABLE = { payout: payouts, payin: payins } as const;
/** inquiry-status's tradeType for each kind. */
const TRADE_TYPE = { payout: 2, payin: 1 } as const;

export interface InquireOptions {
  /** A person's "check status now" acts as them (the timeline names them); jobs and the sweep as the system. */
  ctx?: AnyCtx;
  delays?: readonly number[];
}

/**
 * Ask inquiry-status by orderNo about an open order of either kind (tradeType 2 pay-out, 1 pay-in) and move it to
 * what the gateway says. A gateway amount other than the order's moves nothing and flags it. Not found, or no
 * usable answer: it stays where it is and is asked again later, then flagged for a person; except an UNKNOWN
 * pay-out the gateway still has no record of after its signed request expired (never-arrived.ts): NOT_ACCEPTED,
 * nothing paid. A pay-in past its expiry becomes EXPIRED only when the gateway says so. It NEVER sends again.
 */
export async function inquireOrder(db: DbOrTx, type: OrderType, id: number, opts: InquireOptions = {}): Promise<InquiryResult> {
  const ctx = opts.ctx ? withDb(opts.ctx, db) : systemCtx(db, "reconciler");
  const t = TABLE[type];
  const [loaded] = await db.select({ p: t, m: merchants }).from(t).innerJoin(merchants, eq(merchants.id, t.merchantId)).where(eq(t.id, id));
  if (!loaded) return { kind: "skipped", status: "missing" };
  const { p, m } = loaded;
  // A stale pay-out SENDING is open: its dispatcher died around the call (reconciliation asks, never resends).
  if (!(openStatuses(type) as string[]).includes(p.status)) return { kind: "skipped", status: p.status };
  if (p.flaggedAt && !opts.ctx) return { kind: "skipped", status: p.status };

  const region = getRegion(p.region);
  const r = await gatewayClientFor(m).inquiryStatus(region, { tradeType: TRADE_TYPE[type], orderNo: p.orderNo });
  const asked: Asked = { type, ctx, p, m, region, r, byPerson: !!opts.ctx };
  if (r.outcome === "accepted") {
    const moved = await applyAnswer(asked, r.body, r.responseText);
    if (moved) return moved;
  }
  if (p.status === "SENDING") {
    // A stale SENDING the gateway has no record of (yet): UNKNOWN, asked about on the backoff, never sent again.
    const next = INQUIRY_DELAYS_S[0];
    const note = "the dispatch stopped around the call to the gateway, which has no record of it yet: not resending; asking again";
    await markOrphaned(ctx, "payout", id, { source: "inquiry", note, set: { nextCheckAt: nextCheckAfter(next) }, startAfterS: next });
    return { kind: "pending", status: "UNKNOWN", next };
  }
  const lapse = type === "payout" ? msUntilRequestLapses(p) : null;
  // No such order once the signed request can no longer create one, while the gateway finds our others: never sent.
  if (r.outcome === "rejected" && p.status === "UNKNOWN" && lapse !== null && lapse <= 0 && (await gatewayFindsAnother(db, m, region, p.id))) {
    const t2 = await closeNeverArrived(ctx, p.id, r);
    return { kind: "resolved", status: t2.applied ? "NOT_ACCEPTED" : (t2.current ?? "missing") };
  }
  return askAgainLater(asked, opts.delays ?? INQUIRY_DELAYS_S, lapse);
}

/**
 * An accepted answer: flagged if the gateway's amount is not the order's (a pay-in may show what the payer pays),
 * else moved to the gateway's status when the table allows. Null: nothing moved, the order is still open.
 */
async function applyAnswer(a: Asked, found: Extract<Answer, { outcome: "accepted" }>["body"], responseText: string | null): Promise<InquiryResult | null> {
  const { type, p, region } = a;
  const wireMinor = found.money ? region.amount.fromWire(found.money.amount) : p.amountMinor;
  if (found.money && (found.money.currency !== p.currency || (wireMinor !== p.amountMinor && (type === "payout" || wireMinor !== p.payAmountMinor)))) {
    const what = type === "payout" ? "what was sent" : "what was asked for";
    const reason = `the gateway's order has ${found.money.amount} ${found.money.currency}, not ${what}: check with Smilepayz`;
    await flagOrder(a.ctx, { type, id: p.id, reason, afterInquiry: true });
    return { kind: "flagged", reason };
  }
  const to = statusFromGateway(type, found.status);
  if (!to || to === p.status || !canTransition(type, p.status, to)) return null;
  const t = await a.ctx.db.transaction(async (tx) => {
    const res = await transitionOrder(withDb(a.ctx, tx), {
      type,
      id: p.id,
      to,
      from: openStatuses(type) as StatusOf<typeof type>[],
      source: "inquiry",
      set: {
        inquiryCount: p.inquiryCount + 1,
        lastInquiryAt: new Date(),
        nextCheckAt: nextCheckAfter(processingWindowS(region, a.m)),
        gatewayStatus: found.status ?? null,
        ...(p.tradeNo ? {} : { tradeNo: found.tradeNo ?? null }),
      },
      gatewayCode: found.code,
      gatewayMessage: found.message,
      note: `inquiry-status: ${found.status ?? "?"}`,
      rawPayload: responseText,
    });
    // A pay-out the gateway is paying is asked about again if no callback comes; a pay-in waits for the sweep.
    if (res.applied && to === "PROCESSING" && type === "payout") await scheduleInquiry(tx, type, p.id, PROCESSING_FOLLOW_UP_S);
    return res;
  });
  return { kind: "resolved", status: t.applied ? to : (t.current ?? "missing") };
}

/** Still open: not found, no usable answer, or still processing. Ask again later; past the last delay, a person looks. */
async function askAgainLater(a: Asked, delays: readonly number[], lapse: number | null): Promise<InquiryResult> {
  const { type, p, r } = a;
  const count = p.inquiryCount + 1;
  const next = nextDelay(a, delays, count, lapse);
  if (next === undefined) {
    const reason = stuckReason(type, r, count);
    await flagOrder(a.ctx, { type, id: p.id, reason, afterInquiry: true });
    return { kind: "flagged", reason };
  }
  const t = TABLE[type];
  await a.ctx.db.transaction(async (tx) => {
    // Never sooner than one reconciliation cycle: an order is asked at most once per cycle, by whichever runs first.
    await tx.update(t).set({ inquiryCount: sql`${t.inquiryCount} + 1`, lastInquiryAt: new Date(), nextCheckAt: nextCheckAfter(next) }).where(eq(t.id, p.id));
    // A pay-out's own job asks again; a pay-in is asked again by the sweep when due.
    if (type === "payout") await scheduleInquiry(tx, type, p.id, next);
    if (a.byPerson) await noteOrderEvent(withDb(a.ctx, tx), { type, id: p.id, status: p.status, source: "inquiry", note: answerNote(type, r), rawPayload: r.responseText ?? null });
  });
  return { kind: "pending", status: p.status, next };
}

function nextDelay(a: Asked, delays: readonly number[], count: number, lapse: number | null): number | undefined {
  const { p, r } = a;
  if (a.type === "payin") {
    // A pay-in waiting for its payer is asked again around its expiry; one past it, on the backoff.
    const expiresIn = "expiresAt" in p && p.expiresAt ? Math.ceil((p.expiresAt.getTime() - Date.now()) / 1000) : 0;
    return p.status === "INIT" && expiresIn > 0 ? expiresIn + 5 : INQUIRY_DELAYS_S[count - 1];
  }
  const next = delays[count - 1];
  // Not found before the request lapsed: ask again just after it has (then "not found" settles it), not later.
  if (next !== undefined && r.outcome === "rejected" && lapse !== null && lapse > 0) return Math.min(next, Math.ceil(lapse / 1000) + 1);
  return next;
}

function stuckReason(type: OrderType, r: Answer, count: number): string {
  if (r.outcome === "accepted") return `still ${r.body.status ?? "open"} at the gateway after ${count} inquiries: check with Smilepayz`;
  if (type === "payout") {
    if (r.outcome === "rejected") return `${NO_RECORD_FLAG} (code ${r.code}: ${r.message})`;
    return `no usable answer to ${count} inquiries: check with Smilepayz before doing anything`;
  }
  return `no usable answer to ${count} inquiries (${r.outcome === "rejected" ? `code ${r.code}: ${r.message}` : r.outcome}): check with Smilepayz`;
}

function answerNote(type: OrderType, r: Answer): string {
  if (r.outcome === "accepted") return `inquiry-status: ${r.body.status ?? "?"} (unchanged)`;
  if (r.outcome === "rejected" && type === "payout") return `inquiry-status: code ${r.code}: ${r.message}`;
  return `inquiry-status: no usable answer (${r.outcome})`;
}
