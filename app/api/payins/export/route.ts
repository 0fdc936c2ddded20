import { apiRoute } from "@/lib/api/route";
import { exportPayinsCsv } from "@/lib/payins/export-payins-csv";
import { listPayinsSchema } from "@/lib/payins/schemas";

export const GET = apiRoute("GET /api/payins/export", { input: listPayinsSchema }, exportPayinsCsv);
