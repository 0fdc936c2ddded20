import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbackRefusals } from "@/db/schema";
import { addressGroup } from "@/lib/auth/client-info";
import { describeError, log } from "@/lib/log";
import { minuteOf, reserveStrangerWrite } from "@/lib/strangers/write-budget";
import type { CallbackOutcome } from "./record-callback";

/** Refused bodies kept per source, minute and reason (and within the minute's budget for all sources). */
export const SAMPLES_PER_MINUTE = 3;
/** Past this many refusals of one reason in a minute, a source is answered 429 (it is still only counted). */
export const REFUSALS_PER_MINUTE = 30;
/** A busy counter row is written at most this often (its accumulated delta in one upsert). */
const FLUSH_MS = 1_000;
/** Sources tracked per minute in this process; past it, new ones share the '*' allowance (memory stays bounded). */
const MAX_SOURCES = 50_000;
/** The counter row of every source past the minute's budget of rows of their own. */
export const OTHER_SOURCES = "*";

interface Counter {
  source: string;
  minute: Date;
  reason: CallbackOutcome;
  count: number;
  flushed: number;
  flushedAt: number;
  /** A write of the delta left when the refusals stopped coming, due one FLUSH_MS after the last write. */
  timer: NodeJS.Timeout | null;
}

/**
 * Per process, so a flood costs no database write per request. A source's refusals are counted in memory (its
 * limit and samples); they are written to `callback_refusals` in a row of its own while the minute's budget of such
 * rows lasts (STRANGER_ROWS_PER_MINUTE, for all sources and instances: lib/strangers/write-budget.ts), else in the
 * one '*' row of that minute and reason. A row's first count is written at once, then its delta at most once a
 * second (a timer writes what is left when the refusals stop).
 */
const rows = new Map<string, Counter>();
/** source|minute|reason -> its count, and the row it is written in (decided once, by the budget). */
const sources = new Map<string, { n: number; row: Promise<string> }>();
let sweptMinute = 0;

/** The address a limit applies to: IPv6 by its /64 (one host owns a whole /64), IPv4 as is. */
export function refusalSource(ip: string | null): string {
  return addressGroup(ip);
}

export interface RefusalCount {
  /** The n-th refusal of its kind from this source in this minute. */
  n: number;
  /** One of the source's first few: keep the body if the minute's budget allows (keepSample). */
  sample: boolean;
  /** Over the limit: answer 429. */
  limited: boolean;
}

/** Count one refusal; writes the aggregate row when it is due. */
export async function countRefusal(db: DbOrTx, ip: string | null, reason: CallbackOutcome, now = new Date()): Promise<RefusalCount> {
  const minute = minuteOf(now);
  await sweep(db, minute);
  // Keys carry the minute: a count that waited on the database across a minute's end stays in its own minute.
  const at = `${minute.getTime()}|${reason}`;
  let source = refusalSource(ip);
  if (!sources.has(`${source}|${at}`) && sources.size >= MAX_SOURCES) source = OTHER_SOURCES;
  const key = `${source}|${at}`;
  let s = sources.get(key);
  if (!s) {
    const own = source === OTHER_SOURCES ? Promise.resolve(false) : reserveStrangerWrite(db, "callback_source", { rows: 1 }, now);
    // Decided once for the minute; a failed reservation (the database away) counts in the shared row.
    const row = own.then((ok) => (ok ? source : OTHER_SOURCES)).catch(() => OTHER_SOURCES);
    sources.set(key, (s = { n: 0, row }));
  }
  s.n += 1;
  const n = s.n;
  const row = await s.row;
  const rowKey = `${row}|${at}`;
  let c = rows.get(rowKey);
  if (!c) rows.set(rowKey, (c = { source: row, minute, reason, count: 0, flushed: 0, flushedAt: 0, timer: null }));
  c.count += 1;
  if (c.flushed === 0 || now.getTime() - c.flushedAt >= FLUSH_MS) await flush(db, c, now);
  else if (!c.timer) {
    const counter = c;
    counter.timer = setTimeout(() => {
      counter.timer = null;
      flush(db, counter, new Date()).catch((err: unknown) => log().warn(describeError(err), "refused callbacks: count not written"));
    }, Math.max(0, FLUSH_MS - (now.getTime() - c.flushedAt)));
    counter.timer.unref();
  }
  return { n, sample: n <= SAMPLES_PER_MINUTE, limited: n > REFUSALS_PER_MINUTE };
}

/** Keep a refused body (with its headers) of `bytes` bytes: only while the minute's sample budget lasts. */
export function keepSample(db: DbOrTx, bytes: number, now = new Date()): Promise<boolean> {
  return reserveStrangerWrite(db, "callback_sample", { rows: 1, bytes }, now);
}

/** Once per minute: write what earlier minutes still owe, and forget them. */
async function sweep(db: DbOrTx, minute: Date): Promise<void> {
  if (minute.getTime() === sweptMinute) return;
  sweptMinute = minute.getTime();
  const old = [...rows.values()];
  rows.clear();
  sources.clear();
  for (const c of old) {
    if (c.timer) clearTimeout(c.timer);
    c.timer = null;
    if (c.count > c.flushed) await flush(db, c, new Date());
  }
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
