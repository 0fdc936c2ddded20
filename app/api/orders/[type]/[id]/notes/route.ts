import { apiRoute } from "@/lib/api/route";
import { addOrderNote } from "@/lib/orders/add-order-note";
import { orderRef } from "@/lib/orders/load-order";
import { orderNoteSchema } from "@/lib/orders/schemas";

export const POST = apiRoute("POST /api/orders/[type]/[id]/notes", { input: orderNoteSchema }, ({ ctx, input, params }) =>
  addOrderNote({ ctx, ...orderRef(params), input }),
);
