import { endSessions } from "@/lib/account/end-sessions";
import { apiRoute } from "@/lib/api/route";

export const POST = apiRoute("POST /api/account/sessions/end-others", {}, ({ ctx }) => endSessions({ ctx, input: { others: true } }));
