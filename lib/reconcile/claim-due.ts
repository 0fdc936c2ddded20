import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { env } from "@/lib/env";
import type { OrderType } from "@/lib/orders/transitions";
import { RECONCILE_CYCLE_S, regionExpirySql, regionWindowSql } from "./cycle";

/**
 * When an open order is due for inquiry-status, as SQL over `o` (the order) and `m` (its credential):
 * its claimed next_check_at, else (never asked yet) UNKNOWN at once, SENDING once its call has surely timed out,
 * PROCESSING after the credential's window from when it was sent, a pay-in waiting for its payer (INIT) once its
 * expiry period has passed.
 */
const due = () => ({
  payout: sql`coalesce(o.next_check_at, case when o.status = 'UNKNOWN' then o.updated_at
    when o.status = 'SENDING' then o.sent_at + make_interval(secs => ${sendingGraceS()})
    else coalesce(o.sent_at, o.updated_at) + make_interval(secs => coalesce(m.processing_window_s, ${regionWindowSql(sql`o.region`)})) end)`,
  payin: sql`coalesce(o.next_check_at, case when o.status = 'UNKNOWN' then o.updated_at
    when o.status = 'INIT' then coalesce(o.expires_at, o.created_at + make_interval(secs => ${regionExpirySql(sql`o.region`)}))
    else o.updated_at + make_interval(secs => coalesce(m.processing_window_s, ${regionWindowSql(sql`o.region`)})) end)`,
});
/** A SENDING pay-out this long after its call left has no living dispatcher: the call has timed out by then. */
const sendingGraceS = () => Math.ceil(env().GATEWAY_TIMEOUT_MS / 1000) + 15;
const OPEN = { payout: sql`('SENDING', 'PROCESSING', 'UNKNOWN')`, payin: sql`('INIT', 'PROCESSING', 'UNKNOWN')` };
const TABLE = { payout: sql`payouts`, payin: sql`payins` };

/**
 * Claim up to `limit` due orders for this cycle: one statement, rows locked with SKIP LOCKED and their
 * next_check_at moved a cycle ahead, so another instance's sweep (or an inquiry job) passes them by. Oldest first.
 */
export async function claimDue(db: DbOrTx, type: OrderType, limit: number): Promise<number[]> {
  const DUE = due();
  const rows = await db.execute<{ id: string }>(sql`
    with due as (
      select o.id from ${TABLE[type]} o join merchants m on m.id = o.merchant_id
       where o.status in ${OPEN[type]} and o.flagged_at is null and ${DUE[type]} <= now()
       order by ${DUE[type]}, o.id
       limit ${limit}
         for update of o skip locked
    )
    update ${TABLE[type]} t set next_check_at = now() + make_interval(secs => ${RECONCILE_CYCLE_S})
      from due where t.id = due.id
    returning t.id::text as id`);
  return rows.map((r) => Number(r.id));
}

/**
 * Claim one order: `force` (a person's "check status now") takes it whenever it is open and nobody is asking
 * this very moment; otherwise (an inquiry job) only when it is due. False: someone else asks this cycle.
 */
export async function claimOne(db: DbOrTx, type: OrderType, id: number, force = false): Promise<boolean> {
  const DUE = due();
  const rows = await db.execute<{ id: string }>(sql`
    with one as (
      select o.id from ${TABLE[type]} o join merchants m on m.id = o.merchant_id
       where o.id = ${id} and o.status in ${OPEN[type]}
         and ${force ? sql`true` : sql`o.flagged_at is null and ${DUE[type]} <= now()`}
         for update of o skip locked
    )
    update ${TABLE[type]} t set next_check_at = now() + make_interval(secs => ${RECONCILE_CYCLE_S})
      from one where t.id = one.id
    returning t.id::text as id`);
  return rows.length > 0;
}
