import { apiRoute } from "@/lib/api/route";
import { json } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { createPayin } from "@/lib/payins/create-payin";
import { listOrders } from "@/lib/orders/list-orders";
import { createPayinSchema, listPayinsSchema } from "@/lib/payins/schemas";
import { idempotencyKeySchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payins", { input: listPayinsSchema }, ({ ctx, input }) => listOrders({ ctx, kind: "payin", input }));

export const POST = apiRoute("POST /api/payins", { input: createPayinSchema }, async ({ ctx, input, req }) => {
  const header = req.headers.get("idempotency-key");
  if (header === null) {
    throw new AppError("invalid_input", "Send an Idempotency-Key header (8-128 letters, digits, _-:.): a retry with the same key returns the same pay-in.", {
      idempotencyKey: "Required",
    });
  }
  const key = idempotencyKeySchema.safeParse(header);
  if (!key.success) throw new AppError("invalid_input", key.error.issues[0]?.message ?? "Invalid Idempotency-Key.", { idempotencyKey: key.error.issues[0]?.message ?? "Invalid" });
  const r = await createPayin({ ctx, input, idempotencyKey: key.data });
  return json({ payin: r.payin, replayed: r.replayed }, { status: r.replayed ? 200 : 201 });
});
