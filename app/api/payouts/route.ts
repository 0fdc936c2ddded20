import { apiRoute } from "@/lib/api/route";
import { json } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { createPayout } from "@/lib/payouts/create-payout";
import { listOrders } from "@/lib/orders/list-orders";
import { createPayoutSchema, idempotencyKeySchema, listPayoutsSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payouts", { input: listPayoutsSchema }, ({ ctx, input }) => listOrders({ ctx, kind: "payout", input }));

export const POST = apiRoute("POST /api/payouts", { input: createPayoutSchema }, async ({ ctx, input, req }) => {
  const header = req.headers.get("idempotency-key");
  if (header === null) {
    throw new AppError("invalid_input", "Send an Idempotency-Key header (8-128 letters, digits, _-:.): a retry with the same key returns the same pay-out.", {
      idempotencyKey: "Required",
    });
  }
  const key = idempotencyKeySchema.safeParse(header);
  if (!key.success) throw new AppError("invalid_input", key.error.issues[0]?.message ?? "Invalid Idempotency-Key.", { idempotencyKey: key.error.issues[0]?.message ?? "Invalid" });
  const r = await createPayout({ ctx, input, idempotencyKey: key.data });
  return json({ payout: r.payout, replayed: r.replayed }, { status: r.replayed ? 200 : 201 });
});
