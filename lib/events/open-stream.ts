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
 * An event's SSE frame, encoded once per process: the hub hands the same batch (the same event objects) to every
 * open stream, and serializing and encoding each event again for each of them was most of the fan-out's work.
 */
const frames = new WeakMap<LiveEvent, Uint8Array>();
function frameOf(e: LiveEvent): Uint8Array {
  let frame = frames.get(e);
  if (!frame) frames.set(e, (frame = encoder.encode(`id: ${e.id}\nevent: order\ndata: ${JSON.stringify(e)}\n\n`)));
  return frame;
}

/**
 * The frames as one chunk of this stream's own (a frame is shared between streams; the chunk is not). Not
 * Buffer.concat: a small Buffer is a view on Node's shared pool, and a chunk must own its memory.
 */
function chunkOf(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

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
        const enqueue = (chunk: Uint8Array) => {
          if (closed) return;
          controller.enqueue(chunk);
          // The reader is not keeping up (a stalled tab, a slow link): end it rather than hold memory without bound.
          if ((controller.desiredSize ?? 0) < 0) close();
        };
        const write = (text: string) => enqueue(encoder.encode(text));
        // A batch is one chunk (one write to the socket), of the events this session may see.
        const send = (batch: readonly LiveEvent[]) => {
          const parts: Uint8Array[] = [];
          for (const e of batch) {
            if (e.id > floor && (merchants === null || merchants.includes(e.merchantId))) parts.push(frameOf(e));
          }
          if (parts.length > 0) enqueue(chunkOf(parts));
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
