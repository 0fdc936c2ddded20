import "server-only";
import type postgres from "postgres";
import type { AccessWatch } from "./access-watch";
import type { EventHub } from "./hub";
import { readEventRange, type LiveEvent } from "./read-events";

export interface StreamDeps {
  hub: EventHub;
  watch: AccessWatch;
  sql: postgres.Sql;
}

export interface StreamOptions {
  heartbeatMs?: number;
  /** Bytes a stream may hold unread; past it the stream is closed and the browser resumes by id. */
  maxBufferedBytes?: number;
  replayPage?: number;
}

export const HEARTBEAT_MS = 15_000;
export const MAX_BUFFERED_BYTES = 512 * 1024;

const encoder = new TextEncoder();

/**
 * One browser's stream. Hand-over without loss or doubles: subscribe to the hub first (learning its watermark W
 * atomically), replay (last, W] from order_events (final rows, see hub.ts), and hold live batches (all > W) until
 * the replay is written. Each event is checked against the session's current access (AccessWatch) as it goes.
 */
export async function openEventStream(
  deps: StreamDeps,
  args: { sessionId: number; lastEventId: number | null; signal?: AbortSignal },
  opts: StreamOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  await deps.hub.ready;
  const maxBytes = opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start: async (controller) => {
        let closed = false;
        let live = false;
        const held: (readonly LiveEvent[])[] = [];
        let merchants: readonly number[] | null = [];
        // A browser may resume here from a stream of an instance whose hub is a moment ahead: nothing at or below
        // the id it already holds is written again, and its resume point never moves back.
        const floor = args.lastEventId ?? 0;
        const write = (text: string) => {
          if (closed) return;
          controller.enqueue(encoder.encode(text));
          // The reader is not keeping up (a stalled tab, a slow link): end it rather than hold memory without bound.
          if ((controller.desiredSize ?? 0) < 0) close();
        };
        const send = (batch: readonly LiveEvent[]) => {
          for (const e of batch) {
            if (closed) return;
            if (e.id <= floor) continue;
            if (merchants === null || merchants.includes(e.merchantId)) write(`id: ${e.id}\nevent: order\ndata: ${JSON.stringify(e)}\n\n`);
          }
        };
        const sub = deps.hub.subscribe((batch) => (live ? send(batch) : held.push(batch)));
        let untrack = () => {};
        const heartbeat = setInterval(() => {
          // The id moves the browser's resume point past events it was not shown (other merchants).
          if (live) write(`id: ${Math.max(floor, deps.hub.published)}\n: heartbeat\n\n`);
        }, opts.heartbeatMs ?? HEARTBEAT_MS);
        const close = () => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          sub.unsubscribe();
          untrack();
          args.signal?.removeEventListener("abort", close);
          try {
            controller.close();
          } catch {
            // already closed by the reader
          }
        };
        cleanup = close;
        args.signal?.addEventListener("abort", close);
        try {
          const tracked = await deps.watch.track(args.sessionId, (a) => {
            if (!a.open) close();
            else merchants = a.merchants;
          });
          untrack = tracked.untrack;
          if (!tracked.access.open) return close();
          merchants = tracked.access.merchants;
          write("retry: 2000\n\n");
          const page = opts.replayPage ?? 500;
          for (let from = args.lastEventId ?? sub.watermark; from < sub.watermark && !closed; ) {
            const rows = await readEventRange(deps.sql, from, sub.watermark, page, merchants);
            send(rows);
            from = rows.length < page ? sub.watermark : (rows.at(-1)?.id ?? sub.watermark);
          }
          // Written so an idle stream resumes from here; the event tells the page it is live.
          write(`id: ${Math.max(floor, sub.watermark)}\nevent: ready\ndata: {}\n\n`);
          for (const b of held.splice(0)) send(b);
          live = true;
        } catch {
          close();
        }
      },
      cancel: () => cleanup(),
    },
    { highWaterMark: maxBytes, size: (chunk) => chunk.byteLength },
  );
}

/** `Last-Event-ID` (or `?lastEventId=` for a first connection that resumes): a non-negative integer, else none. */
export function parseLastEventId(value: string | null): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}
