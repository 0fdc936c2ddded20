import { idParam } from "@/lib/api/params";
import { json } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { payFailedAgain } from "@/lib/payout-batches/pay-failed-again";
import { payFailedAgainSchema } from "@/lib/payout-batches/schemas";

export const POST = apiRoute("POST /api/payout-batches/[id]/pay-failed-again", { input: payFailedAgainSchema }, async ({ ctx, input, params }) => {
  const r = await payFailedAgain({ ctx, id: idParam(params), input });
  return json({ batch: r.batch, replayed: r.replayed }, { status: r.replayed ? 200 : 201 });
});
