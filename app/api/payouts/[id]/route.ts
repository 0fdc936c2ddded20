import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { getPayout } from "@/lib/payouts/get-payout";

export const GET = apiRoute("GET /api/payouts/[id]", {}, ({ ctx, params }) => getPayout({ ctx, id: idParam(params) }));
