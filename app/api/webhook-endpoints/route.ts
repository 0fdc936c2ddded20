import { json } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { createEndpoint } from "@/lib/webhooks/create-endpoint";
import { listEndpoints } from "@/lib/webhooks/list-endpoints";
import { createEndpointSchema } from "@/lib/webhooks/schemas";

export const GET = apiRoute("GET /api/webhook-endpoints", {}, listEndpoints);
export const POST = apiRoute("POST /api/webhook-endpoints", { input: createEndpointSchema }, async (args) => json(await createEndpoint(args), { status: 201 }));
