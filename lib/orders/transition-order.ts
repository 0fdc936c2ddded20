import "server-only";
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { orderEvents, payins, payouts } from "@/db/schema";
import { auditActor, withTransaction, type AnyCtx } from "@/lib/context";
import { writeAudits } from "@/lib/audit/write-audit";
import { notifyOrderEvents } from "./order-notify";
import { enqueueOrderWebhooks, orderWebhookSteps } from "./order-webhooks";
import { updateOrders } from "./update-orders";
import { canTransition, predecessors, type OrderType, type StatusOf } from "@/lib/order-status/transitions";
import { webhookEventFor } from "@/lib/order-status/webhook-events";

export { ORDER_STATUS_CHANNEL } from "./order-notify";

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

/** The applied rows' events (one INSERT), audit rows (one INSERT) and notifications (one statement). */
async function recordTransitions(ctx: AnyCtx, type: OrderType, done: { it: BatchTransition<OrderType>; r: Applied }[], now: Date) {
  const tx = ctx.db;
  const events = await tx
    .insert(orderEvents)
    .values(done.map(({ it, r }) => eventRow(ctx.actor, type, r.from, it)))
    .returning({ id: orderEvents.id, payoutId: orderEvents.payoutId, payinId: orderEvents.payinId });
  const eventIdOf = new Map(events.map((e) => [type === "payout" ? e.payoutId : e.payinId, e.id]));
  await writeAudits(
    tx,
    auditActor(ctx),
    done.map(({ it, r }) => ({
      action: `${type}.status_changed`,
      targetType: type,
      targetId: it.id,
      before: { status: r.from },
      after: { status: it.to, source: it.source, ...(it.note ? { note: it.note.slice(0, 200) } : {}) },
    })),
  );
  const at = now.toISOString();
  const notices = done.map(({ it, r }) => {
    const eventId = eventIdOf.get(it.id);
    if (eventId === undefined) throw new Error(`transitionOrders: no event row for ${type} ${it.id}`);
    return { eventId, type, id: it.id, merchantId: r.merchantId, from: r.from, to: it.to, source: it.source, at };
  });
  const hooks = notices.flatMap((n) => {
    const event = webhookEventFor(type, n.to);
    return event ? [{ type: event, orderType: type, orderId: n.id, merchantId: n.merchantId, at }] : [];
  });
  const steps = await orderWebhookSteps(hooks);
  await notifyOrderEvents(tx, notices, steps ?? []);
  if (!steps) await enqueueOrderWebhooks(tx, hooks);
}

/** The order_events row of one applied transition. */
function eventRow(actor: AnyCtx["actor"], type: OrderType, from: string, it: BatchTransition<OrderType>) {
  return {
    orderType: type,
    payoutId: type === "payout" ? it.id : null,
    payinId: type === "payin" ? it.id : null,
    fromStatus: from,
    toStatus: it.to,
    source: it.source,
    actorUserId: actor.kind === "user" ? actor.user.id : null,
    actorName: actor.kind === "system" ? actor.name : null,
    gatewayCode: it.gatewayCode ?? null,
    gatewayMessage: it.gatewayMessage?.slice(0, 500) ?? null,
    note: it.note?.slice(0, 1000) ?? null,
    rawPayload: it.rawPayload ?? null,
    callbackId: it.callbackId ?? null,
  };
}

function nth<X>(xs: readonly X[], i: number): X {
  const x = xs[i];
  if (x === undefined) throw new Error(`transitionOrders: no item ${i}`);
  return x;
}
