import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { toLiveEvent, type LiveEvent } from "@/lib/events/read-events";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { finalStatuses } from "@/lib/order-status/transitions";
import { REGIONS } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import type { DashboardSummary, NeedsItem, TodayRow } from "./summary-view";

/** Local midnight of `now` at a fixed offset (minutes east of UTC), as an instant. */
export function regionDayStart(now: Date, offsetMinutes: number): Date {
  const local = new Date(now.getTime() + offsetMinutes * 60_000);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date(midnight - offsetMinutes * 60_000);
}

type Rows<T> = T[];
const FINAL_PAYOUT = finalStatuses("payout");
const FINAL_PAYIN = finalStatuses("payin");
const REFUSED = ["forged", "stale", "invalid", "unknown_order", "conflict"];

/**
 * The overview's numbers, every one a SQL aggregate over an indexed column (created_at, status, final_at,
 * flagged_at, callbacks.received_at), limited to the merchants the user may see. "Today" is each region's own day
 * (its X-TIMESTAMP offset); the browser shows the same instant in the viewer's zone beside it.
 */
export async function getDashboardSummary({ ctx, now = new Date() }: { ctx: Ctx; now?: Date }): Promise<DashboardSummary> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const inScope = (col: SQL) => (scope === null ? sql`true` : sql`${col} = any(${`{${scope.join(",")}}`}::bigint[])`);
  const days = REGIONS.map((r) => ({ region: r, since: regionDayStart(now, r.utcOffsetMinutes) }));
  const run = async <T>(q: SQL) => (await ctx.db.execute(q)) as unknown as Rows<T>;
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);

  const [today, chart, needs, refused, latest] = await Promise.all([
    // One index range (region, created_at) per region and order type.
    run<{ type: "payout" | "payin"; region: string; status: string; n: string; volume: string }>(
      sql.join(
        days.flatMap((d) =>
          (["payout", "payin"] as const).map((type) => {
            const t = type === "payout" ? sql`payouts` : sql`payins`;
            return sql`(select ${type}::text as type, region::text, status::text, count(*)::text as n, sum(amount_minor)::text as volume
                from ${t} o where o.region = ${d.region.code}::region and o.created_at >= ${d.since.toISOString()}::timestamptz
                 and o.created_at <= ${now.toISOString()}::timestamptz and ${inScope(sql`o.merchant_id`)} group by 2, 3)`;
          }),
        ),
        sql` union all `,
      ),
    ),
    run<{ hour: Date; status: string; n: string }>(sql`
      select date_trunc('hour', final_at) as hour, status, sum(n)::text as n from (
        select p.final_at, p.status::text as status, 1 as n from payouts p
         where p.final_at > ${dayAgo.toISOString()}::timestamptz and p.final_at <= ${now.toISOString()}::timestamptz
           and p.status::text = any(${`{${FINAL_PAYOUT.join(",")}}`}::text[]) and ${inScope(sql`p.merchant_id`)}
        union all
        select i.final_at, i.status::text, 1 from payins i
         where i.final_at > ${dayAgo.toISOString()}::timestamptz and i.final_at <= ${now.toISOString()}::timestamptz
           and i.status::text = any(${`{${FINAL_PAYIN.join(",")}}`}::text[]) and ${inScope(sql`i.merchant_id`)}
      ) f group by 1, 2 order by 1`),
    run<{ kind: string; id: string; order_no: string; region: string; amount_minor: string; since: Date; reason: string | null; total: string }>(sql`
      select * from (
        (select 'pending' as kind, id::text, order_no, region::text, amount_minor::text, created_at as since, null::text as reason,
                count(*) over ()::text as total
           from payouts p where status = 'PENDING_APPROVAL' and batch_id is null and ${inScope(sql`p.merchant_id`)} order by created_at limit 20)
        union all
        (select 'pending_run', id::text, file_name, '', row_count::text, created_at, null::text, count(*) over ()::text
           from payout_batches b where status = 'PENDING_APPROVAL' and ${inScope(sql`b.merchant_id`)} order by created_at limit 20)
        union all
        (select 'unknown', id::text, order_no, region::text, amount_minor::text, updated_at, gateway_message, count(*) over ()::text
           from payouts p where status = 'UNKNOWN' and ${inScope(sql`p.merchant_id`)} order by updated_at limit 20)
        union all
        (select 'flagged', id::text, order_no, region::text, amount_minor::text, flagged_at, flag_reason, count(*) over ()::text
           from payouts p where flagged_at is not null and ${inScope(sql`p.merchant_id`)} order by flagged_at desc limit 20)
        union all
        (select 'flagged_payin', id::text, order_no, region::text, amount_minor::text, flagged_at, flag_reason, count(*) over ()::text
           from payins i where flagged_at is not null and ${inScope(sql`i.merchant_id`)} order by flagged_at desc limit 20)
      ) x`),
    run<{ id: string; received_at: Date; outcome: string; order_no: string | null; trade_no: string | null; payout_id: string | null; error: string | null }>(sql`
      select id::text, received_at, outcome::text, order_no, trade_no, payout_id::text, error from callbacks c
       where received_at > ${hourAgo.toISOString()}::timestamptz and outcome::text = any(${`{${REFUSED.join(",")}}`}::text[])
         and ${scope === null ? sql`true` : inScope(sql`c.merchant_id`)}
       order by received_at desc limit 20`),
    run<Parameters<typeof toLiveEvent>[0]>(sql`
      select e.id::text, e.order_type as type, coalesce(e.payout_id, e.payin_id)::text as order_id,
             coalesce(p.merchant_id, i.merchant_id)::text as merchant_id, coalesce(p.order_no, i.order_no) as order_no,
             coalesce(p.region, i.region)::text as region, coalesce(p.amount_minor, i.amount_minor)::text as amount_minor,
             e.from_status, e.to_status, e.source::text as source, e.created_at
        from order_events e left join payouts p on p.id = e.payout_id left join payins i on i.id = e.payin_id
       where ${inScope(sql`coalesce(p.merchant_id, i.merchant_id)`)}
       order by e.id desc limit 15`),
  ]);

  const display = (region: string, minor: string) => {
    const r = REGIONS.find((x) => x.code === region);
    return r ? formatMoney(BigInt(minor), r) : minor;
  };
  const todayRows: TodayRow[] = today.map((t) => ({ type: t.type, region: t.region, status: t.status, count: Number(t.n), volumeMinor: t.volume, volumeDisplay: display(t.region, t.volume) }));
  // A run waits as one item (its rows are approved only with it): its name and row count stand for orderNo and amount.
  const needItem = (r: (typeof needs)[number]): NeedsItem => r.kind === "pending_run" ? ({
    id: Number(r.id),
    orderNo: `Run ${r.id}: ${r.order_no}`,
    amountDisplay: `${r.amount_minor} rows`,
    since: new Date(r.since).toISOString(),
    reason: r.reason,
    href: `/payouts/runs/${r.id}`,
  }) : ({
    id: Number(r.id),
    orderNo: r.order_no,
    amountDisplay: display(r.region, r.amount_minor),
    since: new Date(r.since).toISOString(),
    reason: r.reason,
    href: r.kind === "flagged_payin" ? `/orders?q=${encodeURIComponent(r.order_no)}` : `/payouts/${r.id}`,
  });
  const needsOf = (kinds: string[], order: "oldest" | "newest" = "newest") => {
    const groups = kinds.map((k) => needs.filter((r) => r.kind === k));
    const merged = groups.flat().map(needItem);
    // Approvals (single pay-outs and runs) oldest first; flagged pay-outs and pay-ins newest first.
    const items = kinds.length === 1 ? merged : merged.sort((a, b) => (order === "oldest" ? a.since.localeCompare(b.since) : b.since.localeCompare(a.since))).slice(0, 20);
    return { total: groups.reduce((n, rows) => n + Number(rows[0]?.total ?? 0), 0), items };
  };
  return {
    generatedAt: now.toISOString(),
    regions: days.map((d) => ({
      region: d.region.code,
      name: d.region.name,
      currency: d.region.currency,
      utcOffsetMinutes: d.region.utcOffsetMinutes,
      dayStart: d.since.toISOString(),
      rows: todayRows.filter((t) => t.region === d.region.code).sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status)),
    })),
    chart: chart.map((c) => ({ hour: new Date(c.hour).toISOString(), status: c.status, count: Number(c.n) })),
    needs: {
      // Single pay-outs and runs, oldest first.
      pendingApproval: needsOf(["pending", "pending_run"], "oldest"),
      unknown: needsOf(["unknown"]),
      // Flagged pay-outs and pay-ins (a callback conflict, or still open after reconciliation's last inquiry: stuck).
      flagged: needsOf(["flagged", "flagged_payin"]),
      refusedCallbacks: refused.map((c) => ({
        id: Number(c.id),
        receivedAt: new Date(c.received_at).toISOString(),
        outcome: c.outcome,
        orderNo: c.order_no,
        error: c.error?.slice(0, 200) ?? null,
        href: c.payout_id ? `/payouts/${c.payout_id}` : c.order_no || c.trade_no ? `/orders?q=${encodeURIComponent(c.order_no ?? c.trade_no ?? "")}` : null,
      })),
    },
    latest: latest.map(toLiveEvent),
  };
}

export type { LiveEvent };
