import "server-only";
import { auditActor, withDb, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { loadOrder } from "./load-order";
import { noteOrderEvent } from "./note-order-event";
import type { OrderNoteInput } from "./schemas";
import type { OrderType } from "./transitions";

/** The audit action of a note; the order's story shows the note itself (its event), not this row twice. */
export const NOTE_ACTION = "order.note_added";

/** An internal note on an order's timeline (status unchanged), with its audit row, in one transaction. */
export async function addOrderNote({ ctx, type, id, input }: { ctx: Ctx; type: OrderType; id: number; input: Required<OrderNoteInput> }) {
  return ctx.db.transaction(async (tx) => {
    const c = withDb(ctx, tx);
    const o = await loadOrder(tx, await merchantScope(tx, ctx.user), type, id);
    await noteOrderEvent(c, { type, id, status: o.status, source: "person", note: input.note });
    await writeAudit(tx, auditActor(c), { action: NOTE_ACTION, targetType: type, targetId: id, after: { length: input.note.length } });
    return { ok: true };
  });
}
