import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { env } from "@/lib/env";

/**
 * What strangers (anyone who can reach a public route: refused callbacks, failed sign-ins) may make the app
 * write, per clock minute, for ALL their addresses together. Each kind has a ledger row per minute in
 * `stranger_writes`; a write is made only when one conditional upsert grants it, so the budget holds across
 * instances. Once a kind's minute is spent, this process remembers it and asks the database no more.
 */
export type StrangerWrite =
  /** a refused callback's body and headers kept as a sample (rows and bytes) */
  | "callback_sample"
  /** a refused callback's counter row of its own for a source address (the rest share the '*' row) */
  | "callback_source"
  /** a failed sign-in's audit row of its own for an account and address (the rest share one row per account) */
  | "sign_in_row";

export interface Limit {
  rows: number;
  bytes: number;
}

/** The budgets of lib/env.ts (STRANGER_*). */
export function strangerLimit(kind: StrangerWrite): Limit {
  const e = env();
  if (kind === "callback_sample") return { rows: e.STRANGER_SAMPLES_PER_MINUTE, bytes: e.STRANGER_SAMPLE_BYTES_PER_MINUTE };
  return { rows: e.STRANGER_ROWS_PER_MINUTE, bytes: Number.MAX_SAFE_INTEGER };
}

export const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/** kind -> the minute (ms) this process knows to be spent. */
const spent = new Map<StrangerWrite, number>();

/**
 * Take `rows` rows and `bytes` bytes of the minute's budget of this kind: true when granted (then write), false
 * when the minute's budget would be exceeded (then only count).
 */
export async function reserveStrangerWrite(
  db: DbOrTx,
  kind: StrangerWrite,
  want: { rows?: number; bytes?: number } = {},
  at = new Date(),
  limit: Limit = strangerLimit(kind),
): Promise<boolean> {
  const minute = minuteOf(at);
  if (spent.get(kind) === minute.getTime()) return false;
  const rows = want.rows ?? 1;
  const bytes = Math.ceil(want.bytes ?? 0);
  const granted =
    rows <= limit.rows &&
    bytes <= limit.bytes &&
    (
      await db.execute(sql`
        insert into stranger_writes as w (kind, minute, rows, bytes) values (${kind}, ${minute.toISOString()}::timestamptz, ${rows}, ${bytes})
        on conflict (kind, minute) do update set rows = w.rows + excluded.rows, bytes = w.bytes + excluded.bytes
          where w.rows + excluded.rows <= ${limit.rows}::int and w.bytes + excluded.bytes <= ${limit.bytes}::bigint
        returning 1 as ok`)
    ).length > 0;
  if (!granted) spent.set(kind, minute.getTime());
  return granted;
}
