import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { getBatchSummary } from "@/lib/payout-batches/get-batch";

export const GET = apiRoute("GET /api/payout-batches/[id]", {}, async ({ ctx, params }) => ({ batch: await getBatchSummary({ ctx, id: idParam(params) }) }));
