import { apiRoute } from "@/lib/api/route";
import { searchOrders } from "@/lib/orders/search-orders";
import { orderSearchSchema } from "@/lib/orders/schemas";

export const GET = apiRoute("GET /api/orders", { input: orderSearchSchema, scope: "orders:read" }, searchOrders);
