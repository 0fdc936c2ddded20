import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { maskAccount } from "@/lib/orders/mask";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";
import { encodeCursor } from "@/lib/validation/paging";
import type { CallbackChange, CallbackLogItem, CallbackLogPage, RefusalsBySource } from "./callback-log-view";
import type { CallbackLogFilter } from "./log-schemas";
import { OTHER_SOURCES } from "./refusal-counter";

type Row = {
  id: string; received_at: Date; outcome: string; order_no: string | null; trade_no: string | null; merchant_id: string | null;
  merchant_name: string | null; payout_id: string | null; payin_id: string | null; order_status: string | null; order_flagged: boolean | null;
  remote_ip: string | null; signature_valid: boolean; timestamp_fresh: boolean; error: string | null; review_reason: string | null;
  duplicates: number; confirmed_at: Date | null; resolved_at: Date | null; resolved_by: string | null; resolution_note: string | null;
  headers: Record<string, string>; raw_body: string; changed: CallbackChange[] | null;
};

/**
 * The callback log: every callback received (verified or refused), newest first by id (keyset: `cursor` is the last
 * id of the previous page), filtered by outcome, credential, orderNo/tradeNo and day; what each changed (its order
 * events) and, on the first page, the refused callbacks of the last 24 hours per source address. Rows of credentials
 * the user may not see are left out (rows of no credential only for users of every merchant); support sees account
 * numbers masked.
 */
export async function listCallbacks({ ctx, input }: { ctx: Ctx; input: CallbackLogFilter }): Promise<CallbackLogPage> {
  const rows = await callbackRows(ctx, input);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const unmasked = can(ctx.user.role, "orders.unmasked") || ctx.user.role === "admin";
  return {
    items: page.map((r) => toItem(r, unmasked, ctx.user.role === "admin")),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ id: Number(last.id) }) : null,
    refusals: input.cursor ? null : await refusalsBySource(ctx),
  };
}

/** One row more than the page (is there a next page?), in the user's merchant scope. */
async function callbackRows(ctx: Ctx, input: CallbackLogFilter): Promise<Row[]> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const where: SQL[] = [scope === null ? sql`true` : sql`c.merchant_id = any(${`{${scope.join(",")}}`}::bigint[])`];
  if (input.outcome) where.push(sql`c.outcome = ${input.outcome}`);
  if (input.merchantId) where.push(sql`c.merchant_id = ${Number(input.merchantId)}`);
  if (input.order) where.push(sql`(c.order_no = ${input.order} or c.trade_no = ${input.order})`);
  if (input.from) where.push(sql`c.received_at >= ${startOfDay(input.from).toISOString()}::timestamptz`);
  if (input.to) where.push(sql`c.received_at < ${startOfNextDay(input.to).toISOString()}::timestamptz`);
  if (input.cursor) where.push(sql`c.id < ${input.cursor.id}`);
  return [
    ...(await ctx.db.execute<Row>(sql`
      select c.id::text, c.received_at, c.outcome::text, c.order_no, c.trade_no, c.merchant_id::text, m.name as merchant_name,
             c.payout_id::text, c.payin_id::text, coalesce(p.status::text, i.status::text) as order_status,
             coalesce(p.flagged_at, i.flagged_at) is not null as order_flagged,
             c.remote_ip, c.signature_valid, c.timestamp_fresh, c.error, c.review_reason, c.duplicates, c.confirmed_at,
             c.resolved_at, u.name as resolved_by, c.resolution_note, c.headers, c.raw_body,
             (select json_agg(json_build_object('from', e.from_status, 'to', e.to_status, 'source', e.source, 'at', e.created_at, 'note', e.note) order by e.id)
                from order_events e where e.callback_id = c.id) as changed
        from callbacks c
        left join merchants m on m.id = c.merchant_id
        left join payouts p on p.id = c.payout_id
        left join payins i on i.id = c.payin_id
        left join users u on u.id = c.resolved_by
       where ${sql.join(where, sql` and `)}
       order by c.id desc
       limit ${input.limit + 1}`)),
  ];
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toItem(r: Row, unmasked: boolean, admin: boolean): CallbackLogItem {
  const order = r.payout_id ? { type: "payout" as const, id: Number(r.payout_id) } : r.payin_id ? { type: "payin" as const, id: Number(r.payin_id) } : null;
  return {
    id: Number(r.id),
    receivedAt: new Date(r.received_at).toISOString(),
    outcome: r.outcome,
    orderNo: r.order_no,
    tradeNo: r.trade_no,
    merchantId: r.merchant_id === null ? null : Number(r.merchant_id),
    merchantName: r.merchant_name,
    order: order ? { ...order, status: r.order_status ?? "?", flagged: !!r.order_flagged } : null,
    remoteIp: r.remote_ip,
    signatureValid: r.signature_valid,
    timestampFresh: r.timestamp_fresh,
    error: r.error,
    reviewReason: r.review_reason,
    duplicates: r.duplicates,
    confirmedAt: iso(r.confirmed_at),
    resolvedAt: iso(r.resolved_at),
    resolvedBy: r.resolved_by,
    resolutionNote: r.resolution_note,
    headers: unmasked ? r.headers : maskHeaders(r.headers),
    rawBody: unmasked ? r.raw_body : maskBody(r.raw_body),
    changed: (r.changed ?? []).map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
    canReapply: admin && r.signature_valid && order !== null,
    canResolve: admin && r.outcome === "conflict" && r.resolved_at === null,
  };
}

async function refusalsBySource(ctx: Ctx): Promise<RefusalsBySource[]> {
  const rows = await ctx.db.execute<{ remote_ip: string; n: string; last_at: Date; reasons: string[] }>(sql`
    select remote_ip, sum(count)::text as n, max(last_at) as last_at, array_agg(distinct reason::text) as reasons
      from callback_refusals where minute > now() - interval '24 hours'
     group by remote_ip order by sum(count) desc limit 50`);
  return [...rows].map((r) => ({ remoteIp: r.remote_ip === OTHER_SOURCES ? "(all other addresses)" : r.remote_ip || "(none)", count: Number(r.n), lastAt: new Date(r.last_at).toISOString(), reasons: r.reasons }));
}

const ACCOUNT_KEY = /account|taxnumber|cashaccount|phone|email|document/i;

/** Account-like fields of a JSON body masked; a body that is not JSON has every run of 6+ digits masked. */
export function maskBody(raw: string): string {
  try {
    return JSON.stringify(maskJson(JSON.parse(raw)));
  } catch {
    return raw.replace(/\d{6,}/g, (d) => maskAccount(d) ?? "");
  }
}
function maskJson(v: unknown, key = ""): unknown {
  if (typeof v === "string" || typeof v === "number") return ACCOUNT_KEY.test(key) ? maskAccount(String(v)) : v;
  if (Array.isArray(v)) return v.map((x) => maskJson(x, key));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskJson(x, k)]));
  return v;
}
function maskHeaders(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, k === "x-signature" ? `${v.slice(0, 12)}…` : v]));
}
