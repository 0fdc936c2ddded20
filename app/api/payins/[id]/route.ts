import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { getPayin } from "@/lib/payins/get-payin";

export const GET = apiRoute("GET /api/payins/[id]", {}, ({ ctx, params }) => getPayin({ ctx, id: idParam(params) }));
