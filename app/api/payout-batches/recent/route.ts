import { apiRoute } from "@/lib/api/route";
import { recentKeys } from "@/lib/payout-batches/recent-keys";
import { recentKeysSchema } from "@/lib/payout-batches/schemas";

export const GET = apiRoute("GET /api/payout-batches/recent", { input: recentKeysSchema }, recentKeys);
