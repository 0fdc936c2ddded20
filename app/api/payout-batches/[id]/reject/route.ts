import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { rejectBatch } from "@/lib/payout-batches/decide-batch";
import { rejectBatchSchema } from "@/lib/payout-batches/schemas";

export const POST = apiRoute("POST /api/payout-batches/[id]/reject", { input: rejectBatchSchema }, async ({ ctx, input, params }) => ({
  batch: await rejectBatch({ ctx, id: idParam(params), input }),
}));
