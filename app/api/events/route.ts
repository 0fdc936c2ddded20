import { apiRoute } from "@/lib/api/route";
import { eventStreamResponse } from "@/lib/events/event-stream-response";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/events", {}, ({ ctx, req }) => eventStreamResponse(ctx, req));
