import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { pauseBatch } from "@/lib/payout-batches/pause-batch";
import { pauseBatchSchema } from "@/lib/payout-batches/schemas";

export const POST = apiRoute("POST /api/payout-batches/[id]/pause", { input: pauseBatchSchema }, async ({ ctx, input, params }) => ({
  batch: await pauseBatch({ ctx, id: idParam(params), input }),
}));
