import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { env } from "@/lib/env";
import { JOBS_SCHEMA } from "@/lib/jobs/queue";
import { PAYOUT_DISPATCH } from "@/lib/jobs/queues";
import { openStatuses } from "@/lib/order-status/status-sets";
import type { OrderType } from "@/lib/order-status/transitions";
import { RECONCILE_CYCLE_S, regionExpirySql, regionWindowSql } from "./cycle";

/**
 * When an open order is due for inquiry-status, as SQL over `o` (the order) and `m` (its credential):
 * its claimed next_check_at, else (never asked yet) UNKNOWN at once, SENDING once its call has surely timed out,
 * PROCESSING after the credential's window from when it was sent, a pay-in waiting for its payer (INIT) once its
 * expiry period has passed.
 */
const due = () => ({
  payout: sql`coalesce(o.next_check_at, case when o.status = 'UNKNOWN' then o.updated_at
    when o.status = 'SENDING' then least(o.sent_at + make_interval(secs => ${sendingGraceS()}), ${SINCE_DB_START})
    else coalesce(o.sent_at, o.updated_at) + make_interval(secs => coalesce(m.processing_window_s, ${regionWindowSql(sql`o.region`)})) end)`,
  payin: sql`coalesce(o.next_check_at, case when o.status = 'UNKNOWN' then o.updated_at
    when o.status = 'INIT' then coalesce(o.expires_at, o.created_at + make_interval(secs => ${regionExpirySql(sql`o.region`)}))
    else o.updated_at + make_interval(secs => coalesce(m.processing_window_s, ${regionWindowSql(sql`o.region`)})) end)`,
});
/**
 * A SENDING pay-out this long after its call left has no living dispatcher: the call has timed out by then. Nor has
 * one sent before the database last started (the whole deployment went down): it is asked about at once.
 */
const SINCE_DB_START = sql`case when o.sent_at < pg_postmaster_start_time() then o.sent_at else 'infinity'::timestamptz end`;
const sendingGraceS = () => Math.ceil(env().GATEWAY_TIMEOUT_MS / 1000) + 15;
/**
 * What a claim writes: not due again for a cycle, and asked now (last_inquiry_at is the moment the last ask was
 * claimed, then its answer's moment), which keeps a callback's confirmation from asking again within the cycle.
 */
const CLAIMED = sql`next_check_at = now() + make_interval(secs => ${RECONCILE_CYCLE_S}), last_inquiry_at = now()`;
/** The open statuses as a SQL list (from the transition table: code constants, no input). */
const openSql = (type: OrderType) => sql.raw(`(${openStatuses(type).map((s) => `'${s}'`).join(", ")})`);
export const OPEN = { payout: openSql("payout"), payin: openSql("payin") };
/** The `news` rule on an order aliased `o`: nobody asked the gateway about it in the last cycle. */
export const NOT_ASKED_THIS_CYCLE = sql`(o.last_inquiry_at is null or o.last_inquiry_at <= now() - make_interval(secs => ${RECONCILE_CYCLE_S}))`;
const TABLE = { payout: sql`payouts`, payin: sql`payins` };

/**
 * Claim up to `limit` due orders for this cycle: one statement, rows locked with SKIP LOCKED and their
 * next_check_at moved a cycle ahead, so another instance's sweep (or an inquiry job) passes them by. Oldest first.
 */
export async function claimDue(db: DbOrTx, type: OrderType, limit: number): Promise<DueClaim[]> {
  const DUE = due();
  const rows = await db.execute<{ id: string; stamp: string }>(sql`
    with due as (
      select o.id from ${TABLE[type]} o join merchants m on m.id = o.merchant_id
       where o.status in ${OPEN[type]} and o.flagged_at is null and ${DUE[type]} <= now()
       order by ${DUE[type]}, o.id
       limit ${limit}
         for update of o skip locked
    )
    update ${TABLE[type]} t set ${CLAIMED}
      from due where t.id = due.id
    returning t.id::text as id, ${STAMP} as stamp`);
  const at = performance.now();
  return rows.map((r) => ({ id: Number(r.id), stamp: r.stamp, at }));
}

/** A sweep's claim: the order, the claim's stamp (last_inquiry_at in microseconds), when it was made (this process's clock). */
export interface DueClaim {
  id: number;
  stamp: string;
  at: number;
}

/** last_inquiry_at as exact text (microseconds since the epoch): a claim compares it to know it is still its own. */
const STAMP = sql`(extract(epoch from last_inquiry_at) * 1000000)::bigint::text`;

/** An ask this long after its claim renews the claim first (a second is far inside the 15-second cycle). */
export const FRESH_CLAIM_MS = 1000;

/**
 * Claims made many at once (a sweep's 500, a confirmation batch's 100) are asked a few at a time: under a backlog
 * the last asks start long after the claim, when the cycle it bought may have run out and another path may have
 * claimed and asked. True when the claim is fresh (made less than FRESH_CLAIM_MS ago), or renewed now: only if
 * nobody claimed the order since (its stamp unchanged) and it is still open. False: do not ask.
 */
export async function stillClaimed(db: DbOrTx, type: OrderType, claim: DueClaim): Promise<boolean> {
  return performance.now() - claim.at <= FRESH_CLAIM_MS || renewClaim(db, type, claim);
}

/** The renewal of stillClaimed (exported for its test). */
export async function renewClaim(db: DbOrTx, type: OrderType, claim: DueClaim): Promise<boolean> {
  const rows = await db.execute<{ id: string }>(sql`
    update ${TABLE[type]} set ${CLAIMED}
     where id = ${claim.id} and status in ${OPEN[type]} and ${STAMP} = ${claim.stamp}
    returning id::text as id`);
  return rows.length > 0;
}

/**
 * Who claims one order, and when it may:
 * - `due` (an order's own inquiry job): only when it is due (the sweep's rule);
 * - `news` (a callback's confirmation): whenever it is open and nobody has asked about it in the last cycle, due or
 *   not (the callback is news); claimed less than a cycle after another ask it waits: the confirmation retries;
 * - `person` ("check status now", re-applying a stored callback): whenever it is open and nobody is asking this very
 *   moment.
 */
export type ClaimMode = "due" | "news" | "person";

/**
 * claimOne's `news` / `person` rule over many orders in ONE statement (a batch of callbacks' confirmations): rows
 * locked in id order with SKIP LOCKED, each open order that is free (and, for `news`, not asked in the last cycle)
 * claimed as claimOne claims it. Returns the claims by `type:id`; ask each only while stillClaimed.
 */
export async function claimMany(db: DbOrTx, orders: readonly { type: OrderType; id: number }[], mode: "news" | "person"): Promise<Map<string, DueClaim>> {
  const ids = (type: OrderType) => [...new Set(orders.filter((o) => o.type === type).map((o) => o.id))].sort((a, b) => a - b);
  const [po, pi] = [ids("payout"), ids("payin")];
  if (po.length + pi.length === 0) return new Map();
  const when = mode === "news" ? NOT_ASKED_THIS_CYCLE : sql`true`;
  const rows = await db.execute<{ type: OrderType; id: string; stamp: string }>(sql`
    with po as (
      select o.id from payouts o
       where o.id = any(${`{${po.join(",")}}`}::bigint[]) and o.status in ${OPEN.payout} and ${when}
       order by o.id
         for update of o skip locked
    ), pi as (
      select o.id from payins o
       where o.id = any(${`{${pi.join(",")}}`}::bigint[]) and o.status in ${OPEN.payin} and ${when}
       order by o.id
         for update of o skip locked
    ), upo as (
      update payouts t set ${CLAIMED} from po where t.id = po.id returning t.id, ${STAMP} as stamp
    ), upi as (
      update payins t set ${CLAIMED} from pi where t.id = pi.id returning t.id, ${STAMP} as stamp
    )
    select 'payout' as type, id::text as id, stamp from upo union all select 'payin', id::text, stamp from upi`);
  const at = performance.now();
  return new Map(rows.map((r) => [`${r.type}:${Number(r.id)}`, { id: Number(r.id), stamp: r.stamp, at }]));
}

/** Claim one order for an ask now (see ClaimMode). False: someone else asks, or asked, this cycle. */
export async function claimOne(db: DbOrTx, type: OrderType, id: number, mode: ClaimMode = "due"): Promise<boolean> {
  const DUE = due();
  const when = {
    due: sql`o.flagged_at is null and ${DUE[type]} <= now()`,
    news: NOT_ASKED_THIS_CYCLE,
    person: sql`true`,
  }[mode];
  const rows = await db.execute<{ id: string }>(sql`
    with one as (
      select o.id from ${TABLE[type]} o join merchants m on m.id = o.merchant_id
       where o.id = ${id} and o.status in ${OPEN[type]} and ${when}
         for update of o skip locked
    )
    update ${TABLE[type]} t set ${CLAIMED}
      from one where t.id = one.id
    returning t.id::text as id`);
  return rows.length > 0;
}

/**
 * APPROVED pay-outs whose dispatch job died with its worker (killed between fetching the job and committing
 * SENDING): no job waiting, and the active one started before the database's last start or longer ago than a
 * call can take. pg-boss would retry it only after its expiry; the sweep hands these to dispatchPayouts at once,
 * claimed through next_check_at so one sweep takes each. Safe even if that worker lives: only the dispatch that
 * moves a row to SENDING sends it.
 */
export async function claimStalledDispatch(db: DbOrTx, limit: number): Promise<number[]> {
  const rows = await db.execute<{ id: string }>(sql`
    with stalled as (
      select o.id from payouts o
       where o.status = 'APPROVED' and o.updated_at < now() - interval '5 seconds'
         and (o.next_check_at is null or o.next_check_at <= now())
         and not exists (
           select 1 from ${sql.identifier(JOBS_SCHEMA)}.job j
            where j.name = ${PAYOUT_DISPATCH} and j.data->>'payoutId' = o.id::text
              and (j.state in ('created', 'retry')
                   or (j.state = 'active' and j.started_on > greatest(now() - make_interval(secs => ${sendingGraceS()}), pg_postmaster_start_time()))))
       order by o.id
       limit ${limit}
         for update of o skip locked
    )
    update payouts t set next_check_at = now() + make_interval(secs => ${RECONCILE_CYCLE_S})
      from stalled where t.id = stalled.id
    returning t.id::text as id`);
  return rows.map((r) => Number(r.id));
}
