import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/**
 * Growing delays for sign-in attempts, per account (`acct:<email>`), per client address (`ip:<address>`) and per
 * known device (`dev:<nonce>`, lib/auth/device-token.ts), kept in
 * Postgres so every app instance shares them. There is no hard lock: after `free` failures each further one moves
 * the key's "not before" time (1 s, 2 s, 4 s … at most `maxMs`), and an attempt before it is refused unchecked.
 * Each attempt claims its slot atomically before the password is checked, so parallel guesses cannot slip through
 * (no wait leaves `locked_until` empty, so parallel attempts within the free ones do not refuse each other).
 */
export interface DelayPolicy {
  /** Failures answered without delay. */
  free: number;
  baseMs: number;
  maxMs: number;
  /** A key quiet for this long starts again from zero. */
  forgetMs: number;
}

export const ACCOUNT_POLICY: DelayPolicy = { free: 3, baseMs: 1_000, maxMs: 30_000, forgetMs: 15 * 60_000 };
export const ADDRESS_POLICY: DelayPolicy = { free: 10, baseMs: 1_000, maxMs: 30_000, forgetMs: 15 * 60_000 };
/** A browser with the account's device cookie (`dev:<nonce>`): its own failures only, as the account's. */
export const DEVICE_POLICY: DelayPolicy = { free: 5, baseMs: 1_000, maxMs: 30_000, forgetMs: 15 * 60_000 };

/** The wait after `failures` failures in a row (pure; the SQL below computes the same). */
export function delayAfter(failures: number, p: DelayPolicy): number {
  const over = failures - p.free;
  return over <= 0 ? 0 : Math.min(p.maxMs, p.baseMs * 2 ** Math.min(over - 1, 30));
}

function delaySql(n: SQL, p: DelayPolicy): SQL {
  return sql`(case when ${n} <= ${p.free}::int then 0
    else least(${p.maxMs}::int, ${p.baseMs}::int * power(2, least(${n} - ${p.free}::int - 1, 30))) end)`;
}

export type Claim = { ok: true; failures: number } | { ok: false; waitMs: number };

/**
 * Claim one attempt on a key: refused (with the wait) before its "not before" time; otherwise counted as a
 * failure up front and the next "not before" set, in one statement. `release` undoes the count for an attempt
 * that turned out not to be a failure.
 */
export async function claimAttempt(db: DbOrTx, key: string, p: DelayPolicy): Promise<Claim> {
  const forget = sql`(now() - ${p.forgetMs}::int * interval '1 millisecond')`;
  const next = sql`((case when l.window_start < ${forget} then 0 else l.points end) + 1)`;
  const claimed = await db.execute<{ points: number }>(sql`
    insert into auth_rate_limits as l (key, points, window_start, locked_until)
    values (${key}, 1, now(), now() + nullif(${delaySql(sql`1`, p)}, 0) * interval '1 millisecond')
    on conflict (key) do update set
      points = ${next},
      window_start = now(),
      locked_until = now() + nullif(${delaySql(next, p)}, 0) * interval '1 millisecond'
    where l.locked_until is null or l.locked_until <= now()
    returning points`);
  const row = claimed[0];
  if (row) return { ok: true, failures: row.points };
  return { ok: false, waitMs: Math.max(1_000, (await readLimit(db, key)).waitMs) };
}

/** The attempt claimed on this key was not a failure (the address's slot when the account refused): uncount it. */
export async function releaseAttempt(db: DbOrTx, key: string): Promise<void> {
  await db.execute(sql`update auth_rate_limits set points = greatest(points - 1, 0), locked_until = null where key = ${key}`);
}

export async function clearLimit(db: DbOrTx, key: string): Promise<void> {
  await db.execute(sql`delete from auth_rate_limits where key = ${key}`);
}

export interface LimitState {
  failures: number;
  waitMs: number;
}

/** Current state of a key without changing it. */
export async function readLimit(db: DbOrTx, key: string): Promise<LimitState> {
  const rows = await db.execute<{ points: number; wait_ms: number }>(sql`
    select points, greatest(0, ceil(extract(epoch from (coalesce(locked_until, now()) - now())) * 1000))::int as wait_ms
      from auth_rate_limits where key = ${key}`);
  const r = rows[0];
  return { failures: r?.points ?? 0, waitMs: r?.wait_ms ?? 0 };
}

/** The longest a policy remembers a quiet key: past it, a key counts from zero again, so its row says nothing. */
const FORGET_MS = Math.max(ACCOUNT_POLICY.forgetMs, ADDRESS_POLICY.forgetMs, DEVICE_POLICY.forgetMs);

/**
 * Delete the keys no policy remembers any more (quiet past the forget window, no wait pending). Run every minute
 * (lib/jobs/start-jobs.ts), so addresses and e-mails a flood used leave within about 16 minutes instead of a day:
 * the table holds the last quarter hour's keys and does not grow hour after hour.
 */
export async function purgeForgottenLimits(db: DbOrTx, now = new Date()): Promise<number> {
  const rows = await db.execute<{ key: string }>(sql`
    delete from auth_rate_limits where window_start < ${new Date(now.getTime() - FORGET_MS).toISOString()}::timestamptz
      and (locked_until is null or locked_until <= ${now.toISOString()}::timestamptz)
    returning key`);
  return rows.length;
}

