import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { maskAccount } from "./mask";
import { EXPLAINED_STATUSES, explainOrderOutcome, type FinalEvent, type OrderOutcome, type OutcomeOrder, type OutcomeSource } from "./outcome";
import type { OrderType } from "@/lib/order-status/transitions";

interface Row {
  order_id: string;
  from_status: string | null;
  to_status: string;
  source: string;
  created_at: Date | string;
  actor: string | null;
  gateway_code: string | null;
  gateway_message: string | null;
  note: string | null;
  raw_payload: string | null;
  [k: string]: unknown;
}

/**
 * For many orders at once (an export's page, a run's rows): the event that moved each to its present status, for
 * those that ended badly. One indexed query; a note or news (from = to) is never taken.
 */
export async function finalEventsOf(db: DbOrTx, type: OrderType, ids: readonly number[]): Promise<Map<number, FinalEvent>> {
  const out = new Map<number, FinalEvent>();
  if (ids.length === 0) return out;
  const col = sql.raw(type === "payout" ? "payout_id" : "payin_id");
  const table = sql.raw(type === "payout" ? "payouts" : "payins");
  const rows = await db.execute<Row>(sql`
    select distinct on (e.${col}) e.${col}::text as order_id, e.from_status, e.to_status, e.source::text as source, e.created_at,
           coalesce(u.name, e.actor_name) as actor, e.gateway_code, e.gateway_message, e.note, e.raw_payload
      from order_events e
      join ${table} o on o.id = e.${col}
      left join users u on u.id = e.actor_user_id
     where e.${col} = any(${`{${ids.join(",")}}`}::bigint[])
       and o.status::text = any(${`{${EXPLAINED_STATUSES.join(",")}}`}::text[])
       and e.to_status = o.status::text and e.from_status is distinct from e.to_status
     order by e.${col}, e.id desc`);
  for (const r of rows) {
    out.set(Number(r.order_id), {
      from: r.from_status, to: r.to_status, source: r.source as OutcomeSource, at: new Date(r.created_at).toISOString(), actor: r.actor,
      gatewayCode: r.gateway_code, gatewayMessage: r.gateway_message, note: r.note, rawPayload: r.raw_payload,
    });
  }
  return out;
}

/** Each order's outcome (null when it needs none), its account and tax numbers masked in the words unless `unmasked`. */
export async function outcomesOf(
  db: DbOrTx,
  type: OrderType,
  orders: readonly (OutcomeOrder & { id: number; secrets?: readonly (string | null)[] })[],
  unmasked: boolean,
): Promise<Map<number, OrderOutcome | null>> {
  const events = await finalEventsOf(db, type, orders.filter((o) => (EXPLAINED_STATUSES as readonly string[]).includes(o.status)).map((o) => o.id));
  const out = new Map<number, OrderOutcome | null>();
  for (const o of orders) {
    const e = events.get(o.id) ?? null;
    const secrets = unmasked ? [] : (o.secrets ?? []).filter((s): s is string => !!s && s.length > 4);
    const hide = (t: string | null) => (t === null ? null : secrets.reduce((acc, s) => acc.split(s).join(maskAccount(s) ?? ""), t));
    const masked = e && { ...e, note: hide(e.note), rawPayload: hide(e.rawPayload), gatewayMessage: hide(e.gatewayMessage) };
    out.set(o.id, explainOrderOutcome({ ...o, rejectReason: hide(o.rejectReason ?? null) }, masked));
  }
  return out;
}
