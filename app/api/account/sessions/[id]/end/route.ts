import { endSessions } from "@/lib/account/end-sessions";
import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";

export const POST = apiRoute("POST /api/account/sessions/[id]/end", {}, ({ ctx, params }) => endSessions({ ctx, input: { sessionId: idParam(params) } }));
