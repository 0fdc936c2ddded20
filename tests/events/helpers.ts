import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import { inject } from "vitest";
import { AccessWatch } from "@/lib/events/access-watch";
import { EventHub } from "@/lib/events/hub";
import type { StreamDeps } from "@/lib/events/open-stream";
import type { LiveEvent } from "@/lib/events/read-events";

/** A hub, an access watch and their pool on the test database, as lib/events/live.ts makes them for a server. */
export async function liveForTest(): Promise<StreamDeps & { close(): Promise<void> }> {
  const sql = postgres(inject("databaseUrl"), { max: 3, onnotice: () => undefined });
  const hub = new EventHub(sql, sql, { sweepMs: 60_000 });
  await hub.ready;
  const watch = new AccessWatch(sql, drizzle(sql, { schema }), 60_000);
  return {
    hub,
    watch,
    sql,
    async close() {
      watch.close();
      await hub.close();
      await sql.end({ timeout: 1 });
    },
  };
}

export interface Frame {
  id: string | null;
  event: string | null;
  data: LiveEvent | null;
}

/** Reads an SSE body as frames, as they arrive. */
export class FrameReader {
  private buf = "";
  private decoder = new TextDecoder();
  readonly frames: Frame[] = [];
  done = false;
  private reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
    void this.pump();
  }

  private async pump() {
    for (;;) {
      const { value, done } = await this.reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) {
        this.done = true;
        return;
      }
      this.buf += this.decoder.decode(value, { stream: true });
      let i: number;
      while ((i = this.buf.indexOf("\n\n")) >= 0) {
        const block = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 2);
        const f: Frame = { id: null, event: null, data: null };
        for (const line of block.split("\n")) {
          if (line.startsWith("id: ")) f.id = line.slice(4);
          else if (line.startsWith("event: ")) f.event = line.slice(7);
          else if (line.startsWith("data: ") && line !== "data: {}") f.data = JSON.parse(line.slice(6)) as LiveEvent;
        }
        this.frames.push(f);
      }
    }
  }

  orders(): LiveEvent[] {
    return this.frames.flatMap((f) => (f.event === "order" && f.data ? [f.data] : []));
  }

  async until(pred: () => boolean, ms = 5_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error("timed out waiting for the stream");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  cancel() {
    void this.reader.cancel().catch(() => undefined);
  }
}
