import { apiRoute } from "@/lib/api/route";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";

export const GET = apiRoute("GET /api/webhook-endpoints/[id]/deliveries", {}, listDeliveries);
