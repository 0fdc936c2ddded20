import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { rollApiKey } from "@/lib/api-keys";
import { rollApiKeySchema } from "@/lib/api-keys/schemas";

export const POST = apiRoute("POST /api/api-keys/[id]/roll", { input: rollApiKeySchema }, ({ ctx, params, input }) => rollApiKey({ ctx, id: idParam(params), input }));
