import "server-only";
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { orderEvents, payins, payouts } from "@/db/schema";
import { auditActor, withDb, type AnyCtx } from "@/lib/context";
import { writeAudit, writeAudits } from "@/lib/audit/write-audit";
import { notifyOrderEvents } from "./order-notify";
import { canTransition, isFinal, predecessors, type OrderType, type StatusOf } from "@/lib/order-status/transitions";

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

/**
 * The only writer of an order's status. In one transaction: lock the row, check the transition table, a
 * conditional UPDATE … WHERE status IN (allowed predecessors), the event row with its source, the audit row and
 * a pg_notify (delivered only if all of it commits). A refused transition changes nothing and says why.
 */
export async function transitionOrder<T extends OrderType>(ctx: AnyCtx, args: TransitionArgs<T>): Promise<TransitionResult<T>> {
  const table = args.type === "payout" ? payouts : payins;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: table.status, merchantId: table.merchantId })
      .from(table)
      .where(eq(table.id, args.id))
      .for("update");
    if (!row) return { applied: false, current: null, reason: "not_found" } as const;
    return transitionLockedOrder(withDb(ctx, tx), args, row);
  });
}

/**
 * transitionOrder for a caller that already holds the order's row lock in its own transaction (`ctx.db` is that
 * transaction) and has read the row under it: the same checks and writes, without a savepoint or a second read.
 */
export async function transitionLockedOrder<T extends OrderType>(
  ctx: AnyCtx,
  args: TransitionArgs<T>,
  row: { status: string; merchantId: number },
): Promise<TransitionResult<T>> {
  const tx = ctx.db;
  const table = args.type === "payout" ? payouts : payins;
  const allowed = predecessors(args.type, args.to).filter((s) => !args.from || (args.from as readonly string[]).includes(s));
  const from = row.status as StatusOf<T>;
  if (!allowed.includes(from) || !canTransition(args.type, from, args.to)) {
    return { applied: false, current: from, reason: "not_allowed" } as const;
  }
  const now = new Date();
  const updated = await tx
    .update(table)
    .set({
      ...(args.set ?? {}),
      status: args.to as never,
      updatedAt: now,
      ...(isFinal(args.type, args.to) ? { finalAt: now } : {}),
      ...(args.type === "payout" ? { version: sql`${payouts.version} + 1` } : {}),
    })
    .where(and(eq(table.id, args.id), inArray(table.status, allowed as never[])))
    .returning({ id: table.id });
  if (updated.length !== 1) return { applied: false, current: from, reason: "not_allowed" } as const;

  const [event] = await tx.insert(orderEvents).values(eventRow(ctx.actor, args.type, from, args)).returning({ id: orderEvents.id });
  if (!event) throw new Error("transitionOrder: the event row was not written");
  await writeAudit(tx, auditActor(ctx), {
    action: `${args.type}.status_changed`,
    targetType: args.type,
    targetId: args.id,
    before: { status: from },
    after: { status: args.to, source: args.source, ...(args.note ? { note: args.note.slice(0, 200) } : {}) },
  });
  await notifyOrderEvents(tx, [
    { eventId: event.id, type: args.type, id: args.id, merchantId: row.merchantId, from, to: args.to, source: args.source, at: now.toISOString() },
  ]);
  return { applied: true, from, to: args.to, merchantId: row.merchantId } as const;
}

/** The order_events row of one applied transition (one shape for single and batch transitions). */
function eventRow(actor: AnyCtx["actor"], type: OrderType, from: string, it: Omit<TransitionArgs<OrderType>, "type">) {
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

/** One row of a batch transition: the same arguments as transitionOrder, the order type given once. */
export type BatchTransition<T extends OrderType> = Omit<TransitionArgs<T>, "type">;

/**
 * transitionOrder for many rows of one type in ONE transaction, with set-based statements: the rows are locked in
 * id order (so racing batches cannot deadlock), each is checked against the table on its locked status, the
 * allowed ones change in one UPDATE … FROM (VALUES …) per shape of `set` (conditional on the status just read),
 * then one multi-row INSERT of their events, one of their audit rows and one pg_notify per changed row, all in
 * that same transaction. A refused row changes nothing. Results are in the order of `items`; an id may appear
 * only once.
 */
export async function transitionOrders<T extends OrderType>(
  ctx: AnyCtx,
  type: T,
  items: readonly BatchTransition<T>[],
): Promise<TransitionResult<T>[]> {
  if (items.length === 0) return [];
  const ids = items.map((i) => i.id);
  if (new Set(ids).size !== ids.length) throw new Error("transitionOrders: an order appears twice in one batch");
  const table = type === "payout" ? payouts : payins;
  return ctx.db.transaction(async (tx) => {
    const locked = await tx
      .select({ id: table.id, status: table.status, merchantId: table.merchantId })
      .from(table)
      .where(inArray(table.id, ids))
      .orderBy(table.id)
      .for("update");
    const current = new Map(locked.map((r) => [r.id, r]));
    const results: TransitionResult<T>[] = items.map((it) => {
      const row = current.get(it.id);
      if (!row) return { applied: false, current: null, reason: "not_found" } as const;
      const from = row.status as StatusOf<T>;
      const allowed = predecessors(type, it.to).filter((s) => !it.from || (it.from as readonly string[]).includes(s));
      if (!allowed.includes(from) || !canTransition(type, from, it.to)) return { applied: false, current: from, reason: "not_allowed" } as const;
      return { applied: true, from, to: it.to, merchantId: row.merchantId } as const;
    });

    const now = new Date();
    // One UPDATE per shape (which columns `set` names, final or not); a dispatcher batch is one or a few shapes.
    const shapes = new Map<string, number[]>();
    items.forEach((it, i) => {
      if (!results[i]?.applied) return;
      const key = `${isFinal(type, it.to)}|${Object.keys(it.set ?? {}).filter((k) => (it.set as Record<string, unknown>)[k] !== undefined).sort().join(",")}`;
      shapes.set(key, [...(shapes.get(key) ?? []), i]);
    });
    const changed = new Set<number>();
    const columns = getTableColumns(table) as Record<string, PgColumn>;
    for (const [key, idx] of shapes) {
      const [finalFlag, keyList] = key.split("|");
      const setKeys = keyList ? keyList.split(",") : [];
      const cols = setKeys.map((k) => {
        const c = columns[k];
        if (!c) throw new Error(`transitionOrders: unknown column ${k}`);
        return c;
      });
      const statusType = sql.raw(table.status.getSQLType());
      const values = sql.join(
        idx.map((i) => {
          const it = nth(items, i);
          const r = results[i] as { from: string };
          const set = it.set as Record<string, unknown>;
          const cells = cols.map((c, j) => {
            const v = set[nth(setKeys, j)];
            return sql`cast(${v === null ? null : c.mapToDriverValue(v)} as ${sql.raw(c.getSQLType())})`;
          });
          return sql`(${sql.join([sql`cast(${it.id} as bigint)`, sql`cast(${r.from} as ${statusType})`, sql`cast(${it.to} as ${statusType})`, ...cells], sql`, `)})`;
        }),
        sql`, `,
      );
      const names = [sql.raw("id"), sql.raw("from_status"), sql.raw("to_status"), ...cols.map((_, j) => sql.raw(`c${j}`))];
      const assigns = [
        sql`status = v.to_status`,
        sql`updated_at = cast(${now.toISOString()} as timestamptz)`,
        ...(finalFlag === "true" ? [sql`final_at = cast(${now.toISOString()} as timestamptz)`] : []),
        ...(type === "payout" ? [sql`version = t.version + 1`] : []),
        ...cols.map((c, j) => sql`${sql.identifier(c.name)} = v.${sql.raw(`c${j}`)}`),
      ];
      const updated = await tx.execute<{ id: number | string }>(sql`
        update ${table} as t set ${sql.join(assigns, sql`, `)}
          from (values ${values}) as v(${sql.join(names, sql`, `)})
         where t.id = v.id and t.status = v.from_status
        returning t.id`);
      for (const u of updated) changed.add(Number(u.id));
    }

    const done: number[] = [];
    items.forEach((it, i) => {
      const r = results[i];
      if (!r?.applied) return;
      // Locked and checked above, so the conditional UPDATE cannot miss; if it did, the row is reported unchanged.
      if (!changed.has(it.id)) results[i] = { applied: false, current: r.from, reason: "not_allowed" };
      else done.push(i);
    });
    if (done.length === 0) return results;

    const actor = ctx.actor;
    const at = now.toISOString();
    const events = await tx
      .insert(orderEvents)
      .values(
        done.map((i) => eventRow(actor, type, (results[i] as { from: string }).from, nth(items, i))),
      )
      .returning({ id: orderEvents.id, payoutId: orderEvents.payoutId, payinId: orderEvents.payinId });
    const eventIdOf = new Map(events.map((e) => [type === "payout" ? e.payoutId : e.payinId, e.id]));
    await writeAudits(
      tx,
      auditActor(withDb(ctx, tx)),
      done.map((i) => {
        const it = nth(items, i);
        return {
          action: `${type}.status_changed`,
          targetType: type,
          targetId: it.id,
          before: { status: (results[i] as { from: string }).from },
          after: { status: it.to, source: it.source, ...(it.note ? { note: it.note.slice(0, 200) } : {}) },
        };
      }),
    );
    await notifyOrderEvents(
      tx,
      done.map((i) => {
        const it = nth(items, i);
        const r = results[i] as { from: string; merchantId: number };
        const eventId = eventIdOf.get(it.id);
        if (eventId === undefined) throw new Error(`transitionOrders: no event row for ${type} ${it.id}`);
        return { eventId, type, id: it.id, merchantId: r.merchantId, from: r.from, to: it.to, source: it.source, at };
      }),
    );
    return results;
  });
}

function nth<X>(xs: readonly X[], i: number): X {
  const x = xs[i];
  if (x === undefined) throw new Error(`transitionOrders: no item ${i}`);
  return x;
}
