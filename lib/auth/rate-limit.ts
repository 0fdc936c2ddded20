import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/**
 * Postgres-backed limiter for failed sign-ins, shared by every app instance. One row per key
 * (`acct:<email>` or `ip:<address>`); failures inside the window add up; past `slowAfter` each attempt is
 * delayed, at `lockAt` the key is locked for `lockMs`. A success clears the account key.
 */
export interface LimitPolicy {
  windowMs: number;
  slowAfter: number;
  lockAt: number;
  lockMs: number;
}

export const ACCOUNT_POLICY: LimitPolicy = { windowMs: 15 * 60_000, slowAfter: 2, lockAt: 5, lockMs: 15 * 60_000 };
export const ADDRESS_POLICY: LimitPolicy = { windowMs: 15 * 60_000, slowAfter: 10, lockAt: 30, lockMs: 15 * 60_000 };

export interface LimitState {
  failures: number;
  lockedForMs: number;
}

type Row = {
  points: number;
  locked_ms: number;
};

/** Current state of a key without changing it. */
export async function readLimit(db: DbOrTx, key: string): Promise<LimitState> {
  const rows = await db.execute<Row>(sql`
    select points,
           greatest(0, floor(extract(epoch from (locked_until - now())) * 1000))::int as locked_ms
      from auth_rate_limits where key = ${key}`);
  const r = rows[0];
  return { failures: r?.points ?? 0, lockedForMs: r?.locked_ms ?? 0 };
}

/** Count one failure atomically (concurrent attempts cannot both slip under the limit). */
export async function recordFailure(db: DbOrTx, key: string, p: LimitPolicy): Promise<LimitState> {
  const windowSec = p.windowMs / 1000;
  const lockSec = p.lockMs / 1000;
  const rows = await db.execute<Row>(sql`
    insert into auth_rate_limits as l (key, points, window_start, locked_until)
    values (${key}, 1, now(), case when 1 >= ${p.lockAt} then now() + make_interval(secs => ${lockSec}) end)
    on conflict (key) do update set
      points = case when l.window_start < now() - make_interval(secs => ${windowSec}) then 1 else l.points + 1 end,
      window_start = case when l.window_start < now() - make_interval(secs => ${windowSec}) then now() else l.window_start end,
      locked_until = case
        when (case when l.window_start < now() - make_interval(secs => ${windowSec}) then 1 else l.points + 1 end) >= ${p.lockAt}
          then greatest(coalesce(l.locked_until, now()), now() + make_interval(secs => ${lockSec}))
        else l.locked_until end
    returning points, greatest(0, floor(extract(epoch from (coalesce(locked_until, now()) - now())) * 1000))::int as locked_ms`);
  const r = rows[0];
  return { failures: r?.points ?? 1, lockedForMs: r?.locked_ms ?? 0 };
}

export async function clearLimit(db: DbOrTx, key: string): Promise<void> {
  await db.execute(sql`delete from auth_rate_limits where key = ${key}`);
}

/** Delay before answering an attempt that is over `slowAfter` (grows by a second per failure, max 5 s). */
export function slowdownMs(state: LimitState, p: LimitPolicy): number {
  const over = state.failures - p.slowAfter;
  return over > 0 ? Math.min(5_000, over * 1_000) : 0;
}
