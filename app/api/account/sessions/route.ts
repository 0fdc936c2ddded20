import { listSessions } from "@/lib/account/list-sessions";
import { apiRoute } from "@/lib/api/route";

export const GET = apiRoute("GET /api/account/sessions", {}, ({ ctx }) => listSessions({ ctx }));
