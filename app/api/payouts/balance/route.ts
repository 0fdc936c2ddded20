import { apiRoute } from "@/lib/api/route";
import { getPayoutBalance } from "@/lib/payouts/get-balance";
import { payoutBalanceSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payouts/balance", { input: payoutBalanceSchema }, getPayoutBalance);
