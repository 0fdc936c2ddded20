import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { resumeBatch } from "@/lib/payout-batches/pause-batch";
import { resumeBatchSchema } from "@/lib/payout-batches/schemas";

export const POST = apiRoute("POST /api/payout-batches/[id]/resume", { input: resumeBatchSchema }, async ({ ctx, input, params }) => ({
  batch: await resumeBatch({ ctx, id: idParam(params), input }),
}));
