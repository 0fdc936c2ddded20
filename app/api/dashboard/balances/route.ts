import { apiRoute } from "@/lib/api/route";
import { readBalancesView } from "@/lib/balances/read-balances";
import { dashboardBalancesSchema } from "@/lib/dashboard/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/dashboard/balances", { input: dashboardBalancesSchema }, readBalancesView);
