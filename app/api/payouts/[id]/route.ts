import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { getOrder } from "@/lib/orders/get-order";

export const GET = apiRoute("GET /api/payouts/[id]", { scope: "payouts:read" }, ({ ctx, params }) => getOrder({ ctx, kind: "payout", id: idParam(params) }));
