import "server-only";
import type postgres from "postgres";
import { getRegion, isRegionCode } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";

/** One order event as a stream carries it (and the dashboard lists it): small, no account numbers, no payloads. */
export interface LiveEvent {
  id: number;
  type: "payout" | "payin";
  orderId: number;
  merchantId: number;
  orderNo: string;
  region: string;
  amountDisplay: string;
  from: string | null;
  to: string;
  source: string;
  at: string;
}

interface Row {
  id: string;
  type: "payout" | "payin";
  order_id: string;
  merchant_id: string;
  order_no: string;
  region: string;
  amount_minor: string;
  from_status: string | null;
  to_status: string;
  source: string;
  created_at: Date | string;
}

export function toLiveEvent(r: Row): LiveEvent {
  const amount = BigInt(r.amount_minor);
  return {
    id: Number(r.id),
    type: r.type,
    orderId: Number(r.order_id),
    merchantId: Number(r.merchant_id),
    orderNo: r.order_no,
    region: r.region,
    amountDisplay: isRegionCode(r.region) ? formatMoney(amount, getRegion(r.region)) : amount.toString(),
    from: r.from_status,
    to: r.to_status,
    source: r.source,
    at: new Date(r.created_at).toISOString(),
  };
}

/**
 * Events with from < id <= to, in id order, at most `limit`, optionally only of the given merchants (null: all).
 * Walks the primary key; each order row is one index lookup.
 */
export async function readEventRange(
  sql: postgres.Sql,
  from: number,
  to: number,
  limit: number,
  merchants: readonly number[] | null = null,
): Promise<LiveEvent[]> {
  const rows = await sql<Row[]>`
    select e.id::text, e.order_type as type, coalesce(e.payout_id, e.payin_id)::text as order_id,
           coalesce(p.merchant_id, i.merchant_id)::text as merchant_id, coalesce(p.order_no, i.order_no) as order_no,
           coalesce(p.region, i.region)::text as region, coalesce(p.amount_minor, i.amount_minor)::text as amount_minor,
           e.from_status, e.to_status, e.source::text as source, e.created_at
      from order_events e
      left join payouts p on p.id = e.payout_id
      left join payins i on i.id = e.payin_id
     where e.id > ${from} and e.id <= ${to}
       ${merchants === null ? sql`` : sql`and coalesce(p.merchant_id, i.merchant_id) = any(${merchants as number[]})`}
     order by e.id
     limit ${limit}`;
  return rows.map(toLiveEvent);
}
