import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { rejectPayout } from "@/lib/payouts/reject-payout";
import { rejectPayoutSchema } from "@/lib/payouts/schemas";

export const POST = apiRoute("POST /api/payouts/[id]/reject", { input: rejectPayoutSchema }, async ({ ctx, input, params }) => ({
  payout: await rejectPayout({ ctx, id: idParam(params), input }),
}));
