import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { reapplyCallback } from "@/lib/callbacks/reapply-callback";

export const POST = apiRoute("POST /api/callbacks/[id]/reapply", {}, async ({ ctx, params }) => ({ reapplied: await reapplyCallback({ ctx, id: idParam(params) }) }));
