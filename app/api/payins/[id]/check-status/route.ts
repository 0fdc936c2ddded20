import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { checkStatusNow } from "@/lib/gateway-work/check-status";

export const POST = apiRoute("POST /api/payins/[id]/check-status", {}, async ({ ctx, params }) => ({
  check: await checkStatusNow({ ctx, type: "payin", id: idParam(params) }),
}));
