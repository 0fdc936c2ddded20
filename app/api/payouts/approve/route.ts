import { apiRoute } from "@/lib/api/route";
import { approvePayouts } from "@/lib/payouts/approve-payouts";
import { approvePayoutsSchema } from "@/lib/payouts/schemas";

export const POST = apiRoute("POST /api/payouts/approve", { input: approvePayoutsSchema }, async ({ ctx, input }) =>
  approvePayouts({ ctx, input }),
);
