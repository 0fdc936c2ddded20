import { apiRoute } from "@/lib/api/route";
import { json } from "@/lib/api/respond";
import { createPayin } from "@/lib/payins/create-payin";
import { listOrders } from "@/lib/orders/list-orders";
import { createPayinSchema, listPayinsSchema } from "@/lib/payins/schemas";

export const GET = apiRoute("GET /api/payins", { input: listPayinsSchema, scope: "payins:read" }, ({ ctx, input }) => listOrders({ ctx, kind: "payin", input }));

export const POST = apiRoute("POST /api/payins", { input: createPayinSchema, idempotencyKey: "pay-in", scope: "payins:write" }, async ({ ctx, input, idempotencyKey }) => {
  const r = await createPayin({ ctx, input, idempotencyKey });
  return json({ payin: r.payin, replayed: r.replayed }, { status: r.replayed ? 200 : 201 });
});
