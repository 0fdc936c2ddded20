import "server-only";
import { orderNotes } from "@/db/schema";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { loadOrder } from "./load-order";
import type { OrderNoteInput } from "./schemas";
import type { OrderType } from "@/lib/order-status/transitions";

/** The audit action of a note; the order's story shows the note itself, not this row twice. */
export const NOTE_ACTION = "order.note_added";

/**
 * An internal note on an order, with its audit row, in one transaction. A note is its own kind of entry
 * (order_notes): never an order event, so it never reads as a status change or as the order's outcome.
 */
export async function addOrderNote({ ctx, type, id, input }: { ctx: Ctx; type: OrderType; id: number; input: Required<OrderNoteInput> }) {
  return ctx.db.transaction(async (tx) => {
    const c = withDb(ctx, tx);
    await loadOrder(tx, await merchantScope(tx, ctx.user), type, id);
    await tx.insert(orderNotes).values({
      orderType: type,
      payoutId: type === "payout" ? id : null,
      payinId: type === "payin" ? id : null,
      authorUserId: ctx.user.id,
      note: input.note.slice(0, 1000),
    });
    await writeAudit(tx, auditActor(c), { action: NOTE_ACTION, targetType: type, targetId: id, after: { length: input.note.length } });
    return { ok: true };
  });
}
