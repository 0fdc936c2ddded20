import { apiRoute } from "@/lib/api/route";
import { rollSecret } from "@/lib/webhooks/roll-secret";
import { rollSecretSchema } from "@/lib/webhooks/schemas";

export const POST = apiRoute("POST /api/webhook-endpoints/[id]/roll-secret", { input: rollSecretSchema }, rollSecret);
