import { json } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { resendEvent } from "@/lib/webhooks/resend-event";
import { resendSchema } from "@/lib/webhooks/schemas";

export const POST = apiRoute("POST /api/webhook-endpoints/[id]/resend", { input: resendSchema }, async (args) => json(await resendEvent(args), { status: 202 }));
