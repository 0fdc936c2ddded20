import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { merchants } from "@/db/schema";
import { NOT_ASKED_THIS_CYCLE, OPEN } from "./claim-due";
import { RECONCILE_CYCLE_S } from "./cycle";
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
 * tradeNo). Only then is its refusal to find ours a real "no such order", not a signature or key problem. The other
 * pay-out is claimed like any ask (nobody asked about it in the last cycle; it is stamped asked now and, if still
 * open, not due for a cycle) in the statement that picks it, a final one first: many orders closing at once each ask
 * about a different one, and no order is asked twice within a cycle. None free: false (ours stays UNKNOWN and is
 * asked again later).
 */
export async function gatewayFindsAnother(db: DbOrTx, m: typeof merchants.$inferSelect, region: Region, payoutId: number): Promise<boolean> {
  const [known] = await db.execute<{ order_no: string }>(sql`
    with known as (
      select o.id from payouts o
       where o.merchant_id = ${m.id} and o.region = ${region.code} and o.trade_no is not null and o.id <> ${payoutId}
         and ${NOT_ASKED_THIS_CYCLE}
       order by o.status in ${OPEN.payout}, o.id desc
       limit 1
         for update of o skip locked
    )
    update payouts t set last_inquiry_at = now(),
           next_check_at = case when t.status in ${OPEN.payout} then greatest(t.next_check_at, now() + make_interval(secs => ${RECONCILE_CYCLE_S})) else t.next_check_at end
      from known where t.id = known.id
    returning t.order_no`);
  if (!known) return false;
  const r = await gatewayClientFor(m).inquiryStatus(region, { tradeType: 2, orderNo: known.order_no });
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
