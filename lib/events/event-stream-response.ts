import "server-only";
import type { Ctx } from "@/lib/context";
import { liveDeps } from "./live";
import { openEventStream, parseLastEventId } from "./open-stream";

/**
 * GET /api/events: this user's order events as server-sent events, resumable by Last-Event-ID (or ?lastEventId=). `no-transform`
 * keeps Next's compression (and any proxy) from buffering the stream; nothing caps its length.
 */
export async function eventStreamResponse(ctx: Ctx, req: Request): Promise<Response> {
  // The browser's own reconnect sends Last-Event-ID; a tab that opens a new EventSource after its old one failed
  // (a 502 from a proxy, a 503 while this instance started) passes the id it holds as ?lastEventId=.
  const lastEventId = parseLastEventId(req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId"));
  const body = await openEventStream(await liveDeps(), { sessionId: ctx.user.sessionId, lastEventId, signal: req.signal });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
