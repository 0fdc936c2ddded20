import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks, orderEvents, users } from "@/db/schema";
import type { AnyKind } from "./kinds";
import { maskAccount } from "./mask";

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
