import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { revokeApiKey } from "@/lib/api-keys";

export const POST = apiRoute("POST /api/api-keys/[id]/revoke", {}, ({ ctx, params }) => revokeApiKey({ ctx, id: idParam(params) }));
