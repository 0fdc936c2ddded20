import "server-only";
import type { DbOrTx } from "@/db";
import { liveDeps } from "@/lib/events/live";
import { findPublicPayinById } from "./public-payin";

const HEARTBEAT_MS = 15_000;
/** A payer's stream ends after this long at most; the page reconnects if it is still open. */
const MAX_STREAM_MS = 30 * 60_000;

/**
 * The payer page's live status: server-sent events for ONE pay-in (already resolved from its token), never the
 * staff stream. It subscribes to this process's event hub and, when an event names this pay-in, re-reads the row
 * and sends the public view (no internal field). It sends the current view first and closes once the pay-in is final.
 */
export async function publicStatusStream(db: DbOrTx, payinId: number, signal: AbortSignal): Promise<Response> {
  const { hub } = await liveDeps();
  const enc = new TextEncoder();
  let unsubscribe = () => {};
  let heartbeat: NodeJS.Timeout | null = null;
  let limit: NodeJS.Timeout | null = null;
  let closed = false;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        if (heartbeat) clearInterval(heartbeat);
        if (limit) clearTimeout(limit);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const send = async () => {
        if (closed) return;
        const found = await findPublicPayinById(db, payinId);
        if (!found) return close();
        const { view } = found;
        controller.enqueue(enc.encode(`event: status\ndata: ${JSON.stringify(view)}\n\n`));
        if (view.status !== "WAITING") close();
      };
      unsubscribe = hub.subscribe((batch) => {
        if (batch.some((e) => e.type === "payin" && e.orderId === payinId)) void send().catch(close);
      }).unsubscribe;
      heartbeat = setInterval(() => !closed && controller.enqueue(enc.encode(": keep-alive\n\n")), HEARTBEAT_MS);
      limit = setTimeout(close, MAX_STREAM_MS);
      signal.addEventListener("abort", close);
      await send().catch(close);
    },
    cancel() {
      closed = true;
      unsubscribe();
      if (heartbeat) clearInterval(heartbeat);
      if (limit) clearTimeout(limit);
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" } });
}
