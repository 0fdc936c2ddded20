import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { batchResultCsv } from "@/lib/payout-batches/batch-result-csv";

export const GET = apiRoute("GET /api/payout-batches/[id]/result.csv", {}, ({ ctx, params }) => batchResultCsv({ ctx, id: idParam(params) }));
