import "server-only";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import { env } from "@/lib/env";
import { AccessWatch } from "./access-watch";
import { EventHub } from "./hub";
import type { StreamDeps } from "./open-stream";
import { reconnectBackoff } from "@/db/reconnect";

// One per server process, kept on globalThis so Next's module copies (and dev reloads) share it.
const g = globalThis as unknown as { __smilepayzLive?: Promise<StreamDeps> };

/**
 * This process's live feed: its own small pool (the hub's range reads, the access ticks, stream replays) plus the
 * one LISTEN connection postgres.js opens for `listen`. Never a connection per browser.
 */
export function liveDeps(): Promise<StreamDeps> {
  g.__smilepayzLive ??= (async () => {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const sql = postgres(url, { max: 3, backoff: reconnectBackoff, onnotice: () => undefined, connection: { application_name: "smilepayz-live" } });
    const hub = new EventHub(sql, sql);
    try {
      await hub.ready;
    } catch (e) {
      g.__smilepayzLive = undefined;
      await sql.end({ timeout: 1 }).catch(() => undefined);
      throw e;
    }
    return { hub, watch: new AccessWatch(sql, drizzle(sql, { schema })), sql };
  })();
  return g.__smilepayzLive;
}
