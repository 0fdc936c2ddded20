import { apiRoute } from "@/lib/api/route";
import { lookupOrders } from "@/lib/orders/lookup-orders";
import { orderLookupSchema } from "@/lib/orders/schemas";

export const GET = apiRoute("GET /api/orders", { input: orderLookupSchema }, lookupOrders);
