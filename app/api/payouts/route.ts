import { apiRoute } from "@/lib/api/route";
import { json } from "@/lib/api/respond";
import { createPayout } from "@/lib/payouts/create-payout";
import { listOrders } from "@/lib/orders/list-orders";
import { createPayoutSchema, listPayoutsSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payouts", { input: listPayoutsSchema, scope: "payouts:read" }, ({ ctx, input }) => listOrders({ ctx, kind: "payout", input }));

export const POST = apiRoute("POST /api/payouts", { input: createPayoutSchema, idempotencyKey: "pay-out", scope: "payouts:write" }, async ({ ctx, input, idempotencyKey }) => {
  const r = await createPayout({ ctx, input, idempotencyKey });
  return json({ payout: r.payout, replayed: r.replayed }, { status: r.replayed ? 200 : 201 });
});
