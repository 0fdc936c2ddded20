import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { cancelBatch } from "@/lib/payout-batches/decide-batch";
import { cancelBatchSchema } from "@/lib/payout-batches/schemas";

export const POST = apiRoute("POST /api/payout-batches/[id]/cancel", { input: cancelBatchSchema }, async ({ ctx, input, params }) => ({
  batch: await cancelBatch({ ctx, id: idParam(params), input }),
}));
