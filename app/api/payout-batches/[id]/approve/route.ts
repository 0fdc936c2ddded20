import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { approveBatch } from "@/lib/payout-batches/decide-batch";
import { approveBatchSchema } from "@/lib/payout-batches/schemas";

export const POST = apiRoute("POST /api/payout-batches/[id]/approve", { input: approveBatchSchema }, async ({ ctx, input, params }) => ({
  batch: await approveBatch({ ctx, id: idParam(params), input }),
}));
