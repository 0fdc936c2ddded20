import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbackRefusals } from "@/db/schema";
import type { CallbackOutcome } from "./record-callback";

/** Refused bodies kept per source, minute and reason; the rest are only counted. */
export const SAMPLES_PER_MINUTE = 3;
/** Past this many refusals of one reason in a minute, a source is answered 429 (it is still only counted). */
export const REFUSALS_PER_MINUTE = 30;
/** A busy counter is written at most this often (its accumulated delta in one upsert). */
const FLUSH_MS = 1_000;

interface Counter {
  source: string;
  minute: Date;
  reason: CallbackOutcome;
  count: number;
  flushed: number;
  flushedAt: number;
}

/**
 * Per process, so a flood costs no database write per request: the first refusal of a (source, minute, reason)
 * is written at once, then the delta at most once a second; the minute's remainder is written when the next
 * minute starts. Several app instances each keep their own samples, so the bound is per instance.
 */
const counters = new Map<string, Counter>();
let sweptMinute = 0;

/** The address a limit applies to: IPv6 by its /64 (one host owns a whole /64), IPv4 as is. */
export function refusalSource(ip: string | null): string {
  if (!ip) return "";
  if (!ip.includes(":")) return ip;
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : ip;
}

function expandIpv6(ip: string): string[] | null {
  const [head, tail] = ip.split("::");
  if (head === undefined) return null;
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = ip.includes("::") ? Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0") : [];
  const all = [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
  return all.length === 8 ? all : null;
}

export interface RefusalCount {
  /** The n-th refusal of its kind from this source in this minute. */
  n: number;
  /** Keep the body (one of the first few). */
  sample: boolean;
  /** Over the limit: answer 429. */
  limited: boolean;
}

/** Count one refusal; writes the aggregate row when it is due. */
export async function countRefusal(db: DbOrTx, ip: string | null, reason: CallbackOutcome, now = new Date()): Promise<RefusalCount> {
  const source = refusalSource(ip);
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  await sweep(db, minute);
  const key = `${source}|${minute.getTime()}|${reason}`;
  let c = counters.get(key);
  if (!c) counters.set(key, (c = { source, minute, reason, count: 0, flushed: 0, flushedAt: 0 }));
  c.count += 1;
  const n = c.count;
  if (c.flushed === 0 || now.getTime() - c.flushedAt >= FLUSH_MS) await flush(db, c, now);
  return { n, sample: n <= SAMPLES_PER_MINUTE, limited: n > REFUSALS_PER_MINUTE };
}

/** Once per minute: write what earlier minutes still owe, and forget them. */
async function sweep(db: DbOrTx, minute: Date): Promise<void> {
  if (minute.getTime() === sweptMinute) return;
  sweptMinute = minute.getTime();
  const old = [...counters.entries()].filter(([, c]) => c.minute.getTime() < minute.getTime());
  for (const [key] of old) counters.delete(key);
  for (const [, c] of old) if (c.count > c.flushed) await flush(db, c, new Date());
}

async function flush(db: DbOrTx, c: Counter, now: Date): Promise<void> {
  const delta = c.count - c.flushed;
  if (delta <= 0) return;
  c.flushed = c.count;
  c.flushedAt = now.getTime();
  await db
    .insert(callbackRefusals)
    .values({ remoteIp: c.source, minute: c.minute, reason: c.reason, count: delta, lastAt: now })
    .onConflictDoUpdate({
      target: [callbackRefusals.remoteIp, callbackRefusals.minute, callbackRefusals.reason],
      set: { count: sql`${callbackRefusals.count} + excluded.count`, lastAt: sql`excluded.last_at` },
    });
}
