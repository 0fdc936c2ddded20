import "server-only";
import { inArray, sql, getTableColumns } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { orderEvents, payins, payouts } from "@/db/schema";
import { auditActor, withTransaction, type AnyCtx } from "@/lib/context";
import { writeAudits } from "@/lib/audit/write-audit";
import { notifyOrderEvents } from "./order-notify";
import { canTransition, isFinal, predecessors, type OrderType, type StatusOf } from "./transitions";

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
    const changed = await updateOrders(t.db, type, items, results, now);
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

/** The allowed rows, one UPDATE per shape (which columns `set` names, final or not). Returns the ids changed. */
async function updateOrders<T extends OrderType>(
  tx: DbOrTx,
  type: T,
  items: readonly BatchTransition<T>[],
  results: readonly TransitionResult<T>[],
  now: Date,
): Promise<Set<number>> {
  const shapes = new Map<string, number[]>();
  items.forEach((it, i) => {
    if (!results[i]?.applied) return;
    const set = (it.set ?? {}) as Record<string, unknown>;
    const key = `${isFinal(type, it.to)}|${Object.keys(set).filter((k) => set[k] !== undefined).sort().join(",")}`;
    shapes.set(key, [...(shapes.get(key) ?? []), i]);
  });
  const changed = new Set<number>();
  for (const [key, idx] of shapes) {
    const [finalFlag, keyList] = key.split("|");
    const rows = idx.map((i) => ({ it: nth(items, i), from: (results[i] as Applied).from }));
    for (const id of await updateShape(tx, type, rows, keyList ? keyList.split(",") : [], finalFlag === "true", now)) changed.add(id);
  }
  return changed;
}

/** One UPDATE … FROM (VALUES …) for rows that set the same columns, each conditional on the status it was read in. */
async function updateShape(
  tx: DbOrTx,
  type: OrderType,
  rows: { it: BatchTransition<OrderType>; from: string }[],
  setKeys: string[],
  final: boolean,
  now: Date,
): Promise<number[]> {
  const table = tableOf(type);
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const cols = setKeys.map((k) => {
    const c = columns[k];
    if (!c) throw new Error(`transitionOrders: unknown column ${k}`);
    return c;
  });
  const statusType = sql.raw(table.status.getSQLType());
  const values = rows.map(({ it, from }) => {
    const set = it.set as Record<string, unknown>;
    const cells = cols.map((c, j) => {
      const v = set[nth(setKeys, j)];
      return sql`cast(${v === null ? null : c.mapToDriverValue(v)} as ${sql.raw(c.getSQLType())})`;
    });
    return sql`(${sql.join([sql`cast(${it.id} as bigint)`, sql`cast(${from} as ${statusType})`, sql`cast(${it.to} as ${statusType})`, ...cells], sql`, `)})`;
  });
  const names = [sql.raw("id"), sql.raw("from_status"), sql.raw("to_status"), ...cols.map((_, j) => sql.raw(`c${j}`))];
  const at = sql`cast(${now.toISOString()} as timestamptz)`;
  const assigns = [
    sql`status = v.to_status`,
    sql`updated_at = ${at}`,
    ...(final ? [sql`final_at = ${at}`] : []),
    ...(type === "payout" ? [sql`version = t.version + 1`] : []),
    ...cols.map((c, j) => sql`${sql.identifier(c.name)} = v.${sql.raw(`c${j}`)}`),
  ];
  const updated = await tx.execute<{ id: number | string }>(sql`
    update ${table} as t set ${sql.join(assigns, sql`, `)}
      from (values ${sql.join(values, sql`, `)}) as v(${sql.join(names, sql`, `)})
     where t.id = v.id and t.status = v.from_status
    returning t.id`);
  return updated.map((u) => Number(u.id));
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
  await notifyOrderEvents(
    tx,
    done.map(({ it, r }) => {
      const eventId = eventIdOf.get(it.id);
      if (eventId === undefined) throw new Error(`transitionOrders: no event row for ${type} ${it.id}`);
      return { eventId, type, id: it.id, merchantId: r.merchantId, from: r.from, to: it.to, source: it.source, at };
    }),
  );
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
