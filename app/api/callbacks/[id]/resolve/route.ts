import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { resolveCallback } from "@/lib/callbacks/resolve-callback";
import { resolveCallbackSchema } from "@/lib/callbacks/log-schemas";

export const POST = apiRoute("POST /api/callbacks/[id]/resolve", { input: resolveCallbackSchema }, async ({ ctx, input, params }) => ({
  resolved: await resolveCallback({ ctx, id: idParam(params), input }),
}));
