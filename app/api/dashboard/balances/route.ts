import { apiRoute } from "@/lib/api/route";
import { getDashboardBalances } from "@/lib/dashboard/get-balances";
import { dashboardBalancesSchema } from "@/lib/dashboard/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/dashboard/balances", { input: dashboardBalancesSchema }, ({ ctx, input }) =>
  getDashboardBalances({ ctx, input }).then((credentials) => ({ credentials })),
);
