import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { getOrder } from "@/lib/orders/get-order";

export const GET = apiRoute("GET /api/payins/[id]", { scope: "payins:read" }, ({ ctx, params }) => getOrder({ ctx, kind: "payin", id: idParam(params) }));
