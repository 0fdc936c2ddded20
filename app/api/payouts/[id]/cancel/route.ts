import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { cancelPayout } from "@/lib/payouts/cancel-payout";
import { cancelPayoutSchema } from "@/lib/payouts/schemas";

export const POST = apiRoute("POST /api/payouts/[id]/cancel", { input: cancelPayoutSchema }, async ({ ctx, input, params }) => ({
  payout: await cancelPayout({ ctx, id: idParam(params), input }),
}));
