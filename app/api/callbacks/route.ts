import { apiRoute } from "@/lib/api/route";
import { listCallbacks } from "@/lib/callbacks/list-callbacks";
import { callbackLogFilterSchema } from "@/lib/callbacks/log-schemas";

export const GET = apiRoute("GET /api/callbacks", { input: callbackLogFilterSchema }, listCallbacks);
