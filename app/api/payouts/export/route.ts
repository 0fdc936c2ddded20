import { apiRoute } from "@/lib/api/route";
import { exportPayoutsCsv } from "@/lib/payouts/export-payouts-csv";
import { listPayoutsSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payouts/export", { input: listPayoutsSchema }, exportPayoutsCsv);
