import { apiRoute } from "@/lib/api/route";
import { json } from "@/lib/api/respond";
import { payBeneficiary } from "@/lib/beneficiaries/pay-beneficiary";
import { newPayoutSchema } from "@/lib/beneficiaries/schemas";
import { createPayout } from "@/lib/payouts/create-payout";
import { listOrders } from "@/lib/orders/list-orders";
import { listPayoutsSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payouts", { input: listPayoutsSchema, scope: "payouts:read" }, ({ ctx, input }) => listOrders({ ctx, kind: "payout", input }));

const typedIn = <T extends { via: string }>({ via: _via, ...rest }: T) => rest;

// The payee typed in, or a saved beneficiary by beneficiaryId (lib/beneficiaries/pay-beneficiary.ts).
export const POST = apiRoute("POST /api/payouts", { input: newPayoutSchema, idempotencyKey: "pay-out", scope: "payouts:write" }, async ({ ctx, input, idempotencyKey }) => {
  const r = input.via === "beneficiary" ? await payBeneficiary({ ctx, input, idempotencyKey }) : await createPayout({ ctx, input: typedIn(input), idempotencyKey });
  return json({ payout: r.payout, replayed: r.replayed }, { status: r.replayed ? 200 : 201 });
});
