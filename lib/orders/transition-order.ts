import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { orderEvents, payins, payouts } from "@/db/schema";
import { auditActor, withDb, type AnyCtx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { canTransition, isFinal, predecessors, type OrderType, type StatusOf } from "./transitions";

/** The channel live views LISTEN on; one JSON payload per committed status change. */
export const ORDER_STATUS_CHANNEL = "order_status";

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
  const allowed = predecessors(args.type, args.to).filter((s) => !args.from || (args.from as readonly string[]).includes(s));
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: table.status, merchantId: table.merchantId })
      .from(table)
      .where(eq(table.id, args.id))
      .for("update");
    if (!row) return { applied: false, current: null, reason: "not_found" } as const;
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

    const actor = ctx.actor;
    await tx.insert(orderEvents).values({
      orderType: args.type,
      payoutId: args.type === "payout" ? args.id : null,
      payinId: args.type === "payin" ? args.id : null,
      fromStatus: from,
      toStatus: args.to,
      source: args.source,
      actorUserId: actor.kind === "user" ? actor.user.id : null,
      actorName: actor.kind === "system" ? actor.name : null,
      gatewayCode: args.gatewayCode ?? null,
      gatewayMessage: args.gatewayMessage?.slice(0, 500) ?? null,
      note: args.note?.slice(0, 1000) ?? null,
      rawPayload: args.rawPayload ?? null,
      callbackId: args.callbackId ?? null,
    });
    await writeAudit(tx, auditActor(withDb(ctx, tx)), {
      action: `${args.type}.status_changed`,
      targetType: args.type,
      targetId: args.id,
      before: { status: from },
      after: { status: args.to, source: args.source, ...(args.note ? { note: args.note.slice(0, 200) } : {}) },
    });
    const payload = JSON.stringify({ type: args.type, id: args.id, merchantId: row.merchantId, from, to: args.to, source: args.source, at: now.toISOString() });
    await tx.execute(sql`select pg_notify(${ORDER_STATUS_CHANNEL}, ${payload})`);
    return { applied: true, from, to: args.to, merchantId: row.merchantId } as const;
  });
}
