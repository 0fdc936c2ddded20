import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks, orderEvents, users } from "@/db/schema";
import type { AnyKind } from "./kinds";
import { maskAccount } from "./mask";
import type { OrderCallbackView, OrderEventView } from "./order-view";

/**
 * Masks each secret (account, tax number) wherever it stands in a text, for roles without `orders.unmasked`; values
 * of four characters or fewer are left alone (the mask would show them whole anyway).
 */
export function hider(secrets: readonly (string | null)[], unmasked: boolean): (text: string | null) => string | null {
  const hidden = unmasked ? [] : secrets.filter((s): s is string => !!s && s.length > 4);
  return (text) => (text === null ? null : hidden.reduce((out, s) => out.split(s).join(maskAccount(s) ?? ""), text));
}

/** An order's status events, oldest first, with the acting user's name. */
export function eventRowsOf(db: DbOrTx, kind: Pick<AnyKind, "eventRef">, id: number) {
  return db
    .select({ e: orderEvents, userName: users.name })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorUserId))
    .where(eq(kind.eventRef, id))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id));
}

/** The callbacks received for an order, oldest first. */
export function callbackRowsOf(db: DbOrTx, kind: Pick<AnyKind, "callbackRef">, id: number) {
  return db.select().from(callbacks).where(eq(kind.callbackRef, id)).orderBy(asc(callbacks.receivedAt), asc(callbacks.id));
}

type EventRow = Awaited<ReturnType<typeof eventRowsOf>>[number];
type CallbackRow = Awaited<ReturnType<typeof callbackRowsOf>>[number];

export function toEventView({ e, userName }: EventRow, hide: (t: string | null) => string | null): OrderEventView {
  return {
    id: e.id, at: e.createdAt.toISOString(), from: e.fromStatus, to: e.toStatus, source: e.source, actor: userName ?? e.actorName,
    gatewayCode: e.gatewayCode, gatewayMessage: e.gatewayMessage, note: e.note, rawPayload: hide(e.rawPayload),
  };
}

export function toCallbackView(c: CallbackRow, hide: (t: string | null) => string | null): OrderCallbackView {
  return {
    id: c.id, receivedAt: c.receivedAt.toISOString(), outcome: c.outcome, signatureValid: c.signatureValid,
    timestampFresh: c.timestampFresh, status: statusOf(c.rawBody), reviewReason: c.reviewReason, error: c.error,
    rawBody: hide(c.rawBody) ?? "",
  };
}

/** The status a callback's body claims (unsigned: a claim, confirmed with the gateway before it counts). */
function statusOf(raw: string): string | null {
  try {
    const s = (JSON.parse(raw) as { status?: unknown }).status;
    return typeof s === "string" ? s : null;
  } catch {
    return null;
  }
}
