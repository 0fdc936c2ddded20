import { apiRoute } from "@/lib/api/route";
import { getDashboardSummary } from "@/lib/dashboard/get-summary";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/dashboard", {}, ({ ctx }) => getDashboardSummary({ ctx }));
