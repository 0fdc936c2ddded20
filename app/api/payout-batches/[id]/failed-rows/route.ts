import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { getFailedRows } from "@/lib/payout-batches/failed-rows";

export const GET = apiRoute("GET /api/payout-batches/[id]/failed-rows", {}, ({ ctx, params }) => getFailedRows({ ctx, id: idParam(params) }));
