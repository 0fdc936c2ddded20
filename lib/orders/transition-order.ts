import "server-only";
import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payins, payouts } from "@/db/schema";
import { auditActor, withTransaction, type AnyCtx } from "@/lib/context";
import { auditInsertSql } from "@/lib/audit/write-audit";
import { ORDER_STATUS_CHANNEL } from "./order-notify";
import { enqueueOrderWebhooks, orderWebhookSteps } from "./order-webhooks";
import { updateOrders } from "./update-orders";
import { canTransition, predecessors, type OrderType, type StatusOf } from "@/lib/order-status/transitions";
import { webhookEventFor } from "@/lib/order-status/webhook-events";

export { ORDER_STATUS_CHANNEL };

export type EventSource = "person" | "response" | "callback" | "inquiry" | "system";

type PayoutSet = Partial<Omit<typeof payouts.$inferInsert, "id" | "status" | "createdAt">>;
type PayinSet = Partial<Omit<typeof payins.$inferInsert, "id" | "status" | "createdAt">>;

export interface TransitionArgs<T extends OrderType> {
  type: T;
  id: number;
  to: StatusOf<T>;
  source: EventSource;
  /** Narrower than the table's predecessors (approve: only from PENDING_APPROVAL). */
  from?: readonly StatusOf<T>[];
  /** Other columns written by the same UPDATE (tradeNo, gateway code, approver…). */
  set?: T extends "payout" ? PayoutSet : PayinSet;
  gatewayCode?: string | null;
  gatewayMessage?: string | null;
  note?: string | null;
  rawPayload?: string | null;
  callbackId?: number | null;
}

export type TransitionResult<T extends OrderType> =
  | { applied: true; from: StatusOf<T>; to: StatusOf<T>; merchantId: number }
  | { applied: false; current: StatusOf<T> | null; reason: "not_found" | "not_allowed" };

/** One row of a batch transition: the same arguments as transitionOrder, the order type given once. */
export type BatchTransition<T extends OrderType> = Omit<TransitionArgs<T>, "type">;

/** A row the caller already locked (SELECT … FOR UPDATE in ctx.db's transaction) and read: not read again. */
export interface LockedOrder {
  id: number;
  status: string;
  merchantId: number;
}

type Applied = { applied: true; from: string; to: string; merchantId: number };
const tableOf = (type: OrderType) => (type === "payout" ? payouts : payins);

/** transitionOrders with one row. `locked`: the caller holds the row lock and has read the row under it. */
export async function transitionOrder<T extends OrderType>(
  ctx: AnyCtx,
  { type, ...item }: TransitionArgs<T>,
  locked?: { status: string; merchantId: number },
): Promise<TransitionResult<T>> {
  const [result] = await transitionOrders(ctx, type, [item], locked && [{ id: item.id, ...locked }]);
  if (!result) throw new Error("transitionOrder: no result");
  return result;
}

/**
 * The only writer of an order's status, for one row or many of one type, in ONE transaction (ctx's own if it is
 * in one: no savepoint). The rows are locked in id order (racing batches cannot deadlock), each is checked against
 * the transition table on its locked status; the allowed ones change in one UPDATE … FROM (VALUES …) per shape of
 * `set`, conditional on the status just read; then one multi-row INSERT of their events, one of their audit rows
 * and one pg_notify per changed row (delivered only if it all commits). A refused row changes nothing and says
 * why. Results are in the order of `items`; an id may appear only once.
 */
export async function transitionOrders<T extends OrderType>(
  ctx: AnyCtx,
  type: T,
  items: readonly BatchTransition<T>[],
  locked?: readonly LockedOrder[],
): Promise<TransitionResult<T>[]> {
  if (items.length === 0) return [];
  const ids = items.map((i) => i.id);
  if (new Set(ids).size !== ids.length) throw new Error("transitionOrders: an order appears twice in one batch");
  return withTransaction(ctx, async (t) => {
    const rows = locked ?? (await lockOrders(t.db, type, ids));
    const results = checkTransitions(type, items, rows);
    const now = new Date();
    const moves = items.flatMap((it, i) => (results[i]?.applied ? [{ id: it.id, from: (results[i] as Applied).from, to: it.to, set: it.set }] : []));
    const changed = await updateOrders(t.db, type, moves, now);
    const done: number[] = [];
    items.forEach((it, i) => {
      const r = results[i];
      if (!r?.applied) return;
      // Locked and checked above, so the conditional UPDATE cannot miss; if it did, the row is reported unchanged.
      if (!changed.has(it.id)) results[i] = { applied: false, current: r.from, reason: "not_allowed" };
      else done.push(i);
    });
    if (done.length > 0) await recordTransitions(t, type, done.map((i) => ({ it: nth(items, i), r: results[i] as Applied })), now);
    return results;
  });
}

function lockOrders(tx: DbOrTx, type: OrderType, ids: number[]): Promise<LockedOrder[]> {
  const table = tableOf(type);
  return tx
    .select({ id: table.id, status: table.status, merchantId: table.merchantId })
    .from(table)
    .where(inArray(table.id, ids))
    .orderBy(table.id)
    .for("update");
}

function checkTransitions<T extends OrderType>(type: T, items: readonly BatchTransition<T>[], rows: readonly LockedOrder[]): TransitionResult<T>[] {
  const current = new Map(rows.map((r) => [r.id, r]));
  return items.map((it) => {
    const row = current.get(it.id);
    if (!row) return { applied: false, current: null, reason: "not_found" } as const;
    const from = row.status as StatusOf<T>;
    const allowed = predecessors(type, it.to).filter((s) => !it.from || (it.from as readonly string[]).includes(s));
    if (!allowed.includes(from) || !canTransition(type, from, it.to)) return { applied: false, current: from, reason: "not_allowed" } as const;
    return { applied: true, from, to: it.to, merchantId: row.merchantId } as const;
  });
}

/**
 * The applied rows' events, audit rows, notifications and webhook jobs in ONE statement: the rows travel as one JSON
 * parameter (json_to_recordset), each event's notify (an OrderNotice, the JSON.stringify shape) is built from its own
 * new row (the event id listeners read from). Three statements of multi-row VALUES cost a dispatched pay-out a quarter of its CPU in query building,
 * parameter encoding and garbage; this is one round trip with a handful of parameters.
 */
async function recordTransitions(ctx: AnyCtx, type: OrderType, done: { it: BatchTransition<OrderType>; r: Applied }[], now: Date) {
  const at = now.toISOString();
  const actor = ctx.actor;
  const rows = done.map(({ it, r }) => ({
    id: it.id,
    merchant_id: r.merchantId,
    from_status: r.from,
    to_status: it.to,
    source: it.source,
    gateway_code: it.gatewayCode ?? null,
    gateway_message: it.gatewayMessage?.slice(0, 500) ?? null,
    note: it.note?.slice(0, 1000) ?? null,
    raw_payload: it.rawPayload ?? null,
    callback_id: it.callbackId ?? null,
  }));
  const audits = auditInsertSql(
    auditActor(ctx),
    done.map(({ it, r }) => ({
      action: `${type}.status_changed`,
      targetType: type,
      targetId: it.id,
      before: { status: r.from },
      after: { status: it.to, source: it.source, ...(it.note ? { note: it.note.slice(0, 200) } : {}) },
    })),
  );
  const hooks = done.flatMap(({ it, r }) => {
    const event = webhookEventFor(type, it.to);
    return event ? [{ type: event, orderType: type, orderId: it.id, merchantId: r.merchantId, at }] : [];
  });
  const steps = await orderWebhookSteps(hooks);
  const payoutId = type === "payout" ? sql`r.id` : sql`null::bigint`;
  const payinId = type === "payin" ? sql`r.id` : sql`null::bigint`;
  const extra = steps && steps.length > 0 ? sql`, ${sql.join(steps, sql`, `)}` : sql``;
  const notified = await ctx.db.execute<{ id: string }>(sql`
    with r as (
      select * from json_to_recordset(cast(${JSON.stringify(rows)} as json)) as r(id bigint, merchant_id bigint, from_status text, to_status text,
        source text, gateway_code text, gateway_message text, note text, raw_payload text, callback_id bigint)
    ), ev as (
      insert into order_events (order_type, payout_id, payin_id, from_status, to_status, source, actor_user_id, actor_name, gateway_code, gateway_message, note, raw_payload, callback_id)
      select cast(${type} as order_type), ${payoutId}, ${payinId}, r.from_status, r.to_status, cast(r.source as event_source),
             cast(${actor.kind === "user" ? actor.user.id : null} as bigint), cast(${actor.kind === "system" ? actor.name : null} as text),
             r.gateway_code, r.gateway_message, r.note, r.raw_payload, r.callback_id
        from r
      returning id, coalesce(payout_id, payin_id) as order_id
    ), au as (${audits})${extra}
    select ev.id::text as id, pg_notify(${ORDER_STATUS_CHANNEL}, concat('{"eventId":', ev.id, ',"type":', to_json(${type}::text), ',"id":', r.id,
             ',"merchantId":', r.merchant_id, ',"from":', to_json(r.from_status), ',"to":', to_json(r.to_status), ',"source":', to_json(r.source),
             ',"at":', to_json(${at}::text), '}'))
      from ev join r on r.id = ev.order_id`);
  if (notified.length !== done.length) throw new Error(`transitionOrders: ${notified.length} events recorded for ${done.length} changes`);
  if (!steps) await enqueueOrderWebhooks(ctx.db, hooks);
}

function nth<X>(xs: readonly X[], i: number): X {
  const x = xs[i];
  if (x === undefined) throw new Error(`transitionOrders: no item ${i}`);
  return x;
}
