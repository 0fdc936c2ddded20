import "server-only";
import { and, desc, eq, isNotNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payouts } from "@/db/schema";
import { withDb, type AnyCtx } from "@/lib/context";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { transitionOrder } from "@/lib/orders/transition-order";
import type { Region } from "@/lib/smilepayz/regions";
import { TIMESTAMP_WINDOW_MS } from "@/lib/smilepayz/timestamp";

/**
 * How long after it was signed a pay-out request can still create an order: the gateway refuses an X-TIMESTAMP
 * more than 5 minutes from its clock (API.md), plus a minute for the two clocks' difference and the request's
 * own time on the wire. ASSUMPTION: the app's and the gateway's clocks agree within a minute (NTP).
 */
export const REQUEST_LIFETIME_MS = TIMESTAMP_WINDOW_MS + 60_000;

/** Milliseconds until this pay-out's request can no longer create an order (<= 0: it cannot any more). */
export function msUntilRequestLapses(p: { sentAt: Date | null }, now = Date.now()): number | null {
  return p.sentAt ? p.sentAt.getTime() + REQUEST_LIFETIME_MS - now : null;
}

/**
 * Whether the gateway answers this credential's inquiries: it finds another pay-out it accepted (one with a
 * tradeNo). Only then is its refusal to find ours a real "no such order", not a signature or key problem.
 */
export async function gatewayFindsAnother(db: DbOrTx, m: typeof merchants.$inferSelect, region: Region, payoutId: number): Promise<boolean> {
  const [known] = await db
    .select({ orderNo: payouts.orderNo })
    .from(payouts)
    .where(and(eq(payouts.merchantId, m.id), eq(payouts.region, region.code), isNotNull(payouts.tradeNo), ne(payouts.id, payoutId)))
    .orderBy(desc(payouts.id))
    .limit(1);
  if (!known) return false;
  const r = await gatewayClientFor(m).inquiryStatus(region, { tradeType: 2, orderNo: known.orderNo });
  return r.outcome === "accepted";
}

/**
 * UNKNOWN → NOT_ACCEPTED: the gateway has no order by this orderNo after the request could last have created one,
 * and it does find this credential's other orders. Nothing was paid and nothing is sent again.
 */
export async function closeNeverArrived(ctx: AnyCtx, payoutId: number, answer: { code: string; message: string; responseText?: string | null }) {
  return ctx.db.transaction((tx) =>
    transitionOrder(withDb(ctx, tx), {
      type: "payout",
      id: payoutId,
      to: "NOT_ACCEPTED",
      from: ["UNKNOWN"],
      source: "inquiry",
      set: { gatewayCode: answer.code, gatewayMessage: answer.message, lastInquiryAt: new Date() },
      gatewayCode: answer.code,
      gatewayMessage: answer.message,
      note: "never reached the gateway: it has no order by this orderNo after the signed request expired (5 minutes), and it finds this credential's other orders; not paid, not resent",
      rawPayload: answer.responseText ?? null,
    }),
  );
}
