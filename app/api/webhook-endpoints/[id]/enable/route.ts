import { apiRoute } from "@/lib/api/route";
import { enableEndpoint } from "@/lib/webhooks/enable-endpoint";

export const POST = apiRoute("POST /api/webhook-endpoints/[id]/enable", {}, enableEndpoint);
