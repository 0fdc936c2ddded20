import "server-only";
import { orderEvents } from "@/db/schema";
import type { AnyCtx } from "@/lib/context";
import type { OrderType } from "@/lib/order-status/transitions";

export interface OrderNote {
  type: OrderType;
  id: number;
  /** The order's status, unchanged: the event says from = to. */
  status: string;
  source: (typeof orderEvents.$inferInsert)["source"];
  note: string;
  rawPayload?: string | null;
  callbackId?: number | null;
}

/**
 * Put something on an order's timeline that does not change its status (a callback waiting for inquiry-status).
 * Status changes go through transition-order.ts only; this writes no status, no audit row and no notification.
 */
export async function noteOrderEvent(ctx: AnyCtx, n: OrderNote): Promise<void> {
  await ctx.db.insert(orderEvents).values(orderNoteRow(ctx, n));
}

/** The note's order_events row (also written inside a larger statement: lib/callbacks/store-callback.ts). */
export function orderNoteRow(ctx: AnyCtx, n: OrderNote): typeof orderEvents.$inferInsert {
  const actor = ctx.actor;
  return {
    orderType: n.type,
    payoutId: n.type === "payout" ? n.id : null,
    payinId: n.type === "payin" ? n.id : null,
    fromStatus: n.status,
    toStatus: n.status,
    source: n.source,
    actorUserId: actor.kind === "user" ? actor.user.id : null,
    actorName: actor.kind === "system" ? actor.name : null,
    note: n.note.slice(0, 1000),
    rawPayload: n.rawPayload ?? null,
    callbackId: n.callbackId ?? null,
  };
}
