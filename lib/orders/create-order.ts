import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { orderEvents, payins, payouts } from "@/db/schema";
import { writeAudits } from "@/lib/audit/write-audit";
import { auditActor, withTransaction, type AnyCtx, type Ctx } from "@/lib/context";
import { isUniqueViolation, pgConstraint } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { notifyOrderEvents } from "./order-notify";
import type { OrderType, StatusOf } from "@/lib/order-status/transitions";

type InsertOf<T extends OrderType> = Omit<T extends "payout" ? typeof payouts.$inferInsert : typeof payins.$inferInsert, "status">;

export interface NewOrder<T extends OrderType> {
  values: InsertOf<T>;
  /** Its first status: the table's entry point (created is the first event, from nothing). */
  status: StatusOf<T>;
  /** The first event's note. */
  note: string;
  /** Its own audit row (`${type}.created`), or none when the caller audits the whole (a run). */
  audit?: Record<string, unknown>;
}

const CHUNK = 1000;
const NOUN: Record<OrderType, string> = { payout: "pay-out", payin: "pay-in" };

/**
 * New orders of one type, in the caller's transaction (or one of their own): the rows (multi-row INSERTs of up to
 * 1000), each one's first event, its notification (live views learn of a new order as of every status) and its
 * audit row. The rows' ids in the order given; none when the creator's Idempotency-Key is taken already.
 */
export async function createOrders<T extends OrderType>(ctx: AnyCtx, type: T, orders: readonly NewOrder<T>[]): Promise<number[]> {
  const table = type === "payout" ? payouts : payins;
  return withTransaction(ctx, async (t) => {
    const ids: number[] = [];
    for (let i = 0; i < orders.length; i += CHUNK) {
      const part = orders.slice(i, i + CHUNK);
      const rows = await t.db
        .insert(table)
        .values(part.map((o) => ({ ...o.values, status: o.status })) as never[])
        .onConflictDoNothing({ target: [table.createdBy, table.idempotencyKey], where: sql`idempotency_key is not null` })
        .returning({ id: table.id, merchantId: table.merchantId });
      if (rows.length === 0) continue;
      if (rows.length !== part.length) throw new Error("createOrders: an Idempotency-Key taken inside a batch");
      await recordCreated(t, type, part.map((o, j) => ({ ...o, ...(rows[j] as { id: number; merchantId: number }) })));
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  });
}

async function recordCreated(ctx: AnyCtx, type: OrderType, made: (NewOrder<OrderType> & { id: number; merchantId: number })[]) {
  const actor = ctx.actor;
  const events = await ctx.db
    .insert(orderEvents)
    .values(
      made.map((o) => ({
        orderType: type,
        payoutId: type === "payout" ? o.id : null,
        payinId: type === "payin" ? o.id : null,
        fromStatus: null,
        toStatus: o.status,
        source: "person" as const,
        actorUserId: actor.kind === "user" ? actor.user.id : null,
        actorName: actor.kind === "system" ? actor.name : null,
        note: o.note,
      })),
    )
    .returning({ id: orderEvents.id });
  const at = new Date().toISOString();
  await notifyOrderEvents(
    ctx.db,
    made.map((o, i) => {
      const eventId = events[i]?.id;
      if (eventId === undefined) throw new Error(`createOrders: no event row for ${type} ${o.id}`);
      return { eventId, type, id: o.id, merchantId: o.merchantId, from: null, to: o.status, source: "person", at };
    }),
  );
  const audits = made.flatMap((o) => (o.audit ? [{ action: `${type}.created`, targetType: type, targetId: o.id, after: o.audit }] : []));
  await writeAudits(ctx.db, auditActor(ctx), audits);
}

/**
 * The Idempotency-Key around a create: an order this creator stored with the key is returned (refused if its body
 * differed); else `store` runs (null: it lost the race for the key, so the winner's order is returned). A taken
 * orderNo is a conflict on that field.
 */
export async function createOnce<T extends OrderType, R>(
  ctx: Ctx,
  type: T,
  opts: { key: string; requestHash: string; store: () => Promise<number | null>; read: (id: number, replayed: boolean) => Promise<R | null> },
): Promise<R> {
  const replay = await findByKey(ctx, type, opts);
  if (replay) return replay;
  let id: number | null;
  try {
    id = await opts.store();
  } catch (e) {
    if (isUniqueViolation(e) && pgConstraint(e) === `${type}s_merchant_order_no`) {
      throw new AppError("conflict", "This orderNo is already used for this merchant.", { orderNo: "Already used: choose another orderNo or leave it empty" });
    }
    throw e;
  }
  if (id === null) {
    const again = await findByKey(ctx, type, opts);
    if (again) return again;
    throw new AppError("conflict", `This ${NOUN[type]} could not be stored; try again.`);
  }
  const made = await opts.read(id, false);
  if (!made) throw new AppError("internal", `The new ${NOUN[type]} could not be read back.`);
  return made;
}

async function findByKey<R>(ctx: Ctx, type: OrderType, opts: { key: string; requestHash: string; read: (id: number, replayed: boolean) => Promise<R | null> }): Promise<R | null> {
  const table = type === "payout" ? payouts : payins;
  const [existing] = await ctx.db
    .select({ id: table.id, requestHash: table.requestHash })
    .from(table)
    .where(and(eq(table.createdBy, ctx.user.id), eq(table.idempotencyKey, opts.key)))
    .limit(1);
  if (!existing) return null;
  if (existing.requestHash !== opts.requestHash) {
    const hint = type === "payout" ? "Use a new key for a new pay-out" : "Use a new key";
    throw new AppError("conflict", `This Idempotency-Key was already used for a different ${NOUN[type]}. ${hint}, or resend exactly the same body.`, {
      idempotencyKey: "Already used with a different body",
    });
  }
  return opts.read(existing.id, true);
}
