import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { approvePayout } from "@/lib/payouts/approve-payout";
import { approvePayoutSchema } from "@/lib/payouts/schemas";

export const POST = apiRoute("POST /api/payouts/[id]/approve", { input: approvePayoutSchema }, async ({ ctx, input, params }) => ({
  payout: await approvePayout({ ctx, id: idParam(params), input }),
}));
