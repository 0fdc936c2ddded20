import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { orderNotes, users } from "@/db/schema";
import type { OrderNoteView } from "./order-view";
import type { OrderType } from "@/lib/order-status/transitions";

/** An order's internal notes, oldest first, with their authors' names (`hide` masks account numbers in the text). */
export async function notesOf(db: DbOrTx, type: OrderType, id: number, hide: (s: string) => string = (s) => s): Promise<OrderNoteView[]> {
  const rows = await db
    .select({ n: orderNotes, author: users.name })
    .from(orderNotes)
    .leftJoin(users, eq(users.id, orderNotes.authorUserId))
    .where(type === "payout" ? eq(orderNotes.payoutId, id) : eq(orderNotes.payinId, id))
    .orderBy(asc(orderNotes.createdAt), asc(orderNotes.id));
  return rows.map(({ n, author }) => ({ id: n.id, at: n.createdAt.toISOString(), author, note: hide(n.note) }));
}
