import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { checkStatusNow } from "@/lib/gateway-work/check-status";

export const POST = apiRoute("POST /api/payouts/[id]/check-status", {}, async ({ ctx, params }) => ({
  check: await checkStatusNow({ ctx, type: "payout", id: idParam(params) }),
}));
