import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { RECONCILE_CYCLE_S } from "@/lib/gateway-work/cycle";
import { seeded, sleep, type Harness } from "./harness";

/** Pay-outs per scenario: FAULTS_PAYOUTS (the issue's figure is 1,000; 100 by default so the suite fits CI's budget). */
export const N = Number(process.env.FAULTS_PAYOUTS ?? 100);
export const SEED = Number(process.env.FAULTS_SEED ?? 22);

export interface Mix {
  /** Executed by the gateway, then never answered (the app gives up after GATEWAY_TIMEOUT_MS). */
  timeout: number;
  /** Executed, then the connection is reset. */
  reset: number;
  /** Executed, then HTTP 500. */
  http500: number;
  /** No callback at all (reconciliation must find the outcome). */
  noCallback: number;
}
export const ISSUE_MIX: Mix = { timeout: 0.1, reset: 0.05, http500: 0.05, noCallback: 0.1 };

/**
 * The app's own jobs about an order (over `o.order_no`): each dispatch, inquiry and callback confirmation job's start
 * and end, with its try, and each reconciliation sweep that started while the order was open, so a story shows
 * which path asked.
 */
const jobStory = sql`
  select p.order_no, x.t, x.what
    from pgboss.job j join payouts p on (j.name in ('payout-dispatch', 'payout-inquiry') and j.data->>'payoutId' = p.id::text)
      or (j.name = 'callback-confirm' and j.data->>'callbackId' in (select c.id::text from callbacks c where c.payout_id = p.id))
   cross join lateral (values (j.started_on, 'started'), (j.completed_on, j.state::text)) as e(t0, how)
   cross join lateral (select e.t0 as t, 'job ' || j.name || ' try ' || j.retry_count || ' ' || e.how as what) x
   where x.t is not null
  union all
  select p.order_no, j.started_on, 'sweep started' from pgboss.job j join payouts p on j.started_on between p.created_at and coalesce(p.final_at, now())
   where j.name = 'reconcile-sweep' and j.started_on is not null`;

/**
 * Queues one single-use gateway scenario per expected pay-out request, each drawn on its own from the mix with a
 * seeded RNG (request fault, callback, outcome, delay), so the next `count` pay-out requests of the merchant meet
 * those faults in a random order. The counts drawn are returned (the printed figures).
 */
export async function queueMix(h: Harness, count: number, mix: Mix = ISSUE_MIX, seed = SEED): Promise<Record<string, number>> {
  const rand = seeded(seed);
  const drawn: Record<string, number> = {};
  const fates = Array.from({ length: count }, () => {
    const r = rand();
    const requestFault = r < mix.timeout ? "accept_then_timeout" : r < mix.timeout + mix.reset ? "accept_then_reset" : r < mix.timeout + mix.reset + mix.http500 ? "accept_then_500" : "none";
    const callback = rand() < mix.noCallback ? "none" : "normal";
    const outcome = rand() < 0.85 ? "SUCCESS" : "FAILED";
    const afterMs = Math.round(300 + rand() * 2_700);
    for (const k of [requestFault, `callback ${callback}`, outcome]) drawn[k] = (drawn[k] ?? 0) + 1;
    return { outcome, afterMs, callback, requestFault };
  });
  // Then as many spare single-use scenarios (no fault): a request beyond the expected ones (a resend) takes one, so
  // the count of consumed scenarios stays exact. ledger() is given both: 2 × count.
  fates.push(...fates.map(() => ({ outcome: "SUCCESS", afterMs: 1_000, callback: "normal", requestFault: "none" })));
  for (let i = 0; i < fates.length; i += 20) {
    // Twenty at a time, in order: the gateway hands out the oldest scenario first.
    const rs = await Promise.all(fates.slice(i, i + 20).map((fate) => h.control("POST", "/sandbox/scenarios", { merchantId: h.secrets.merchantId, count: 1, fate })));
    for (const r of rs) expect(r.status).toBe(201);
  }
  return drawn;
}

const OPEN = sql`('APPROVED', 'SENDING', 'PROCESSING', 'UNKNOWN')`;

/**
 * Waits until no pay-out is open (or the limit passes); returns how long it took. After crashes, pay-outs the
 * gateway never received and that are UNKNOWN stay so by design (see expectSafeAndFinal) and are not waited for.
 */
export async function waitAllFinal(h: Harness, limitMs: number, opts: { crashes?: boolean } = {}): Promise<{ ms: number; open: number }> {
  const t0 = Date.now();
  const unsent = opts.crashes ? sql`and not (p.status = 'UNKNOWN' and not exists (select 1 from sandbox_gateway.orders g where g.order_no = p.order_no))` : sql``;
  for (;;) {
    const [r] = await h.q<{ n: string }>(sql`select count(*)::text as n from payouts p where p.status in ${OPEN} ${unsent}`);
    const open = Number(r?.n ?? 0);
    if (open === 0 || Date.now() - t0 > limitMs) return { ms: Date.now() - t0, open };
    await sleep(1_000);
  }
}

export interface Ledger {
  payouts: number;
  statuses: Record<string, number>;
  /** Orders the gateway stored for this merchant, their distinct orderNos, and those matching no pay-out of the app. */
  gwOrders: number;
  gwDistinct: number;
  gwStray: number;
  /** Pay-out requests the gateway received: single-use scenarios consumed (each request takes one). */
  requests: number;
  inquiries: number;
  maxAsksPerOrderPerCycle: number;
  minGapS: number | null;
  /**
   * Asks of one order less than a cycle apart (a second of slack for the trip): whoever asked, the sweep, the order's
   * own inquiry or a callback's confirmation, each ask claims the cycle, so there must be none.
   */
  repeatsInCycle: number;
  /** Inquiries the gateway stored more than a second after they arrived (its database was slow or away). */
  storedLate: number;
  /** Pay-outs final in the app whose gateway order says otherwise, or the reverse (must be none). */
  disagree: number;
  /** The most times one pay-out was moved to SENDING (the app's own record of sending it). */
  maxSends: number;
  /** Pay-outs the gateway has no order for, by status. */
  unreceived: Record<string, number>;
  /** Open pay-outs whose gateway order is open too (a gateway that lost its own settle job in a crash). */
  openAtBoth: number;
}

export async function ledger(h: Harness, queued: number): Promise<Ledger> {
  const m = h.secrets.merchantId;
  const statuses = await h.q<{ status: string; n: string }>(sql`select status::text, count(*)::text as n from payouts group by 1 order by 1`);
  const [gw] = await h.q<{ orders: string; distinct: string; stray: string }>(sql`
    select count(*)::text as orders, count(distinct order_no)::text as distinct,
           count(*) filter (where order_no not in (select order_no from payouts))::text as stray
      from sandbox_gateway.orders where merchant_id = ${m} and trade_type = 2`);
  const [left] = await h.q<{ n: string }>(sql`select coalesce(sum(remaining), 0)::text as n from sandbox_gateway.scenarios where merchant_id = ${m}`);
  const [asks] = await h.q<{ total: string; min_gap_s: string | null; max_per_slot: string | null }>(sql`
    with i as (select order_no, received_at, lag(received_at) over (partition by order_no order by received_at) as prev from sandbox_gateway.inquiries
                where order_no in (select order_no from payouts))
    select count(*)::text as total, min(extract(epoch from received_at - prev))::text as min_gap_s,
           (select max(n)::text from (select count(*) as n from i group by order_no, floor(extract(epoch from received_at) / ${RECONCILE_CYCLE_S})) s) as max_per_slot
      from i`);
  const [rep] = await h.q<{ n: string }>(sql`
    with i as (select order_no, received_at, lag(received_at) over (partition by order_no order by received_at) as prev from sandbox_gateway.inquiries
                where order_no in (select order_no from payouts))
    select count(*)::text as n from i where prev is not null and received_at - prev < make_interval(secs => ${RECONCILE_CYCLE_S - 1})`);
  const [late] = await h.q<{ n: string }>(sql`select count(*)::text as n from sandbox_gateway.inquiries where asked_at - received_at > interval '1 second'`);
  const [dis] = await h.q<{ n: string }>(sql`
    select count(*)::text as n from payouts p join sandbox_gateway.orders g on g.order_no = p.order_no
     where (p.status::text in ('SUCCESS', 'FAILED', 'EXPIRED') and g.status <> p.status::text)
        or (p.status::text not in ('SUCCESS', 'FAILED', 'EXPIRED') and g.status in ('SUCCESS', 'FAILED', 'EXPIRED'))`);
  const [sends] = await h.q<{ n: string }>(sql`
    select coalesce(max(n), 0)::text as n from (select count(*) as n from order_events where order_type = 'payout' and from_status = 'APPROVED' and to_status = 'SENDING' group by payout_id) s`);
  const unreceived = await h.q<{ status: string; n: string }>(sql`select p.status::text, count(*)::text as n from payouts p
    where not exists (select 1 from sandbox_gateway.orders g where g.order_no = p.order_no) group by 1`);
  // When an order was asked twice in a cycle, its story (asks and status changes) is printed to show which paths asked.
  const doubles = await h.q<{ story: string }>(sql`
    with slot as (select order_no, floor(extract(epoch from received_at) / ${RECONCILE_CYCLE_S}) as s from sandbox_gateway.inquiries group by 1, 2 having count(*) > 1),
    o as (select distinct order_no from slot limit 3)
    select o.order_no || ': ' || (select string_agg(to_char(t, 'MI:SS.MS') || ' ' || what, ', ' order by t) from (
        select received_at as t, 'asked' || case when trade_no is null then '' else ' by tradeNo' end
               || case when asked_at - received_at > interval '0.5 s' then ' (stored ' || to_char(asked_at, 'MI:SS.MS') || ')' else '' end as what
          from sandbox_gateway.inquiries i where i.order_no = o.order_no
        union all select e.created_at, coalesce(e.from_status, '') || '>' || e.to_status || ' (' || e.source::text || ')' from order_events e join payouts p on p.id = e.payout_id where p.order_no = o.order_no
        union all select g.created_at, 'gateway stored' from sandbox_gateway.orders g where g.order_no = o.order_no
        union all select g.final_at, 'gateway final' from sandbox_gateway.orders g where g.order_no = o.order_no and g.final_at is not null
        union all select t, what from (${jobStory}) j where j.order_no = o.order_no) x) as story from o`);
  for (const d of doubles) console.log(`[faults] asked twice in a cycle: ${d.story}`);
  const [both] = await h.q<{ n: string }>(sql`select count(*)::text as n from payouts p join sandbox_gateway.orders g on g.order_no = p.order_no
    where p.status in ${OPEN} and g.status not in ('SUCCESS', 'FAILED', 'EXPIRED')`);
  const st = Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)]));
  return {
    payouts: Object.values(st).reduce((a, b) => a + b, 0),
    statuses: st,
    gwOrders: Number(gw?.orders),
    gwDistinct: Number(gw?.distinct),
    gwStray: Number(gw?.stray),
    requests: queued - Number(left?.n ?? 0),
    inquiries: Number(asks?.total ?? 0),
    maxAsksPerOrderPerCycle: Number(asks?.max_per_slot ?? 0),
    minGapS: asks?.min_gap_s == null ? null : Number(asks.min_gap_s),
    repeatsInCycle: Number(rep?.n ?? 0),
    storedLate: Number(late?.n ?? 0),
    disagree: Number(dis?.n ?? 0),
    maxSends: Number(sends?.n ?? 0),
    unreceived: Object.fromEntries(unreceived.map((r) => [r.status, Number(r.n)])),
    openAtBoth: Number(both?.n ?? 0),
  };
}

export function printLedger(tag: string, l: Ledger, extra: Record<string, unknown> = {}): void {
  console.log(
    `[faults:${tag}] ${l.payouts} pay-outs ${JSON.stringify(l.statuses)}; gateway received ${l.requests} pay-out requests, stored ${l.gwOrders} orders ` +
      `(${l.gwDistinct} distinct orderNos, ${l.gwStray} unknown to the app); inquiries ${l.inquiries}, most per order per ${RECONCILE_CYCLE_S}-s cycle ` +
      `${l.maxAsksPerOrderPerCycle}, shortest gap ${l.minGapS === null ? "-" : `${l.minGapS.toFixed(1)} s`}, asked again within a cycle ${l.repeatsInCycle}, stored over 1 s after arriving ${l.storedLate}; app/gateway disagreements ${l.disagree}; ` +
      `most SENDING per pay-out ${l.maxSends}; never reached the gateway ${JSON.stringify(l.unreceived)}; open at both ${l.openAtBoth}` +
      Object.entries(extra).map(([k, v]) => `; ${k} ${typeof v === "string" ? v : JSON.stringify(v)}`).join(""),
  );
}

/**
 * What every scenario must end with: each orderNo reached the gateway at most once (one request per order, no order
 * the app does not know), every pay-out final and agreeing with the gateway, and no order asked twice in a cycle
 * (a callback's confirmation included).
 */
export function expectSafeAndFinal(l: Ledger, expectPayouts: number, opts: { crashes?: boolean } = {}): void {
  expect(l.payouts).toBe(expectPayouts);
  expect(l.gwStray).toBe(0);
  expect(l.gwOrders).toBe(l.gwDistinct);
  expect(l.maxSends).toBeLessThanOrEqual(1);
  // A gateway killed between taking a request's scenario and storing its order used a scenario for nothing.
  if (opts.crashes) expect(l.requests).toBeGreaterThanOrEqual(l.gwOrders);
  else expect(l.requests).toBe(l.gwOrders);
  expect(l.gwOrders).toBeLessThanOrEqual(expectPayouts);
  const open = ["APPROVED", "SENDING", "PROCESSING", "UNKNOWN"].reduce((n, s) => n + (l.statuses[s] ?? 0), 0);
  // Killed between SENDING and the gateway storing it: the app cannot know it was not sent, so it stays UNKNOWN
  // (asked about on the backoff, then shown to a person); never resent, never guessed final.
  // After a crash the sandbox gateway may never settle an order whose settle job it lost: the app then agrees with it.
  const unsentOpen = opts.crashes ? (l.unreceived.UNKNOWN ?? 0) + l.openAtBoth : 0;
  expect(open).toBe(unsentOpen);
  expect(l.disagree).toBe(0);
  expect(l.repeatsInCycle).toBe(0);
}
