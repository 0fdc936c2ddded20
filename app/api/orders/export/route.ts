import { apiRoute } from "@/lib/api/route";
import { exportOrdersCsv } from "@/lib/orders/export-orders-csv";
import { orderSearchSchema } from "@/lib/orders/schemas";

export const GET = apiRoute("GET /api/orders/export", { input: orderSearchSchema }, exportOrdersCsv);
