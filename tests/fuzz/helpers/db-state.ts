import postgres from "postgres";
import { inject } from "vitest";

/**
 * What the fuzz suite compares before and after a refused request: the row count of every table of the app's own
 * schema (`public`, listed from pg_class, so a new table is counted without anyone adding it). Left out, by schema:
 * `pgboss` (the job queue: its scheduler and workers write on their own clock) and `sandbox_gateway` (the simulated
 * Smilepayz, not the app). Reached through the owner role `npm start` created (tests/e2e/global-setup.ts). Left out
 * by name: the webhook worker's own tables (`webhook_events`, `webhook_deliveries`), written on the job queue's clock
 * (retries minutes apart) for any endpoint an accepted request made, never by a request itself.
 */
const WORKER_TABLES = new Set(["webhook_events", "webhook_deliveries"]);
export type Counts = Record<string, number>;

let sql: postgres.Sql | null = null;
export function db(): postgres.Sql {
  sql ??= postgres(inject("e2eDatabaseUrl"), { max: 2, onnotice: () => undefined });
  return sql;
}
export async function closeDb() {
  await sql?.end({ timeout: 5 });
  sql = null;
}

let countQuery: string | null = null;
export async function tableCounts(): Promise<Counts> {
  if (!countQuery) {
    const tables = await db()<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`;
    if (tables.length === 0) throw new Error("no tables in schema public");
    // One statement for all tables: one snapshot, a few milliseconds on the demo database.
    countQuery = tables.filter((t) => !WORKER_TABLES.has(t.name)).map((t) => `select '${t.name}' as name, count(*)::int as n from public."${t.name}"`).join(" union all ");
  }
  const rows = await db().unsafe<{ name: string; n: number }[]>(countQuery);
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

export function countDiff(before: Counts, after: Counts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[k] ?? 0) - (before[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/**
 * Every order's status, flag and events, as one comparable string per order. Events of source `inquiry` are left
 * out: the reconciler asks the gateway about open orders every cycle on its own (and notes what it heard), which
 * is not a callback's doing; a status it changed still shows in `status`.
 */
export async function orderSnapshot(): Promise<Map<string, string>> {
  const rows = await db()<{ k: string; v: string }[]>`
    select 'payout:' || p.id as k,
      concat_ws('|', p.status::text, p.flagged_at::text, p.trade_no, count(e.id), coalesce(max(e.id), 0)) as v
      from payouts p left join order_events e on e.payout_id = p.id and e.source <> 'inquiry' group by p.id
    union all
    select 'payin:' || p.id,
      concat_ws('|', p.status::text, p.flagged_at::text, p.trade_no, count(e.id), coalesce(max(e.id), 0))
      from payins p left join order_events e on e.payin_id = p.id and e.source <> 'inquiry' group by p.id`;
  return new Map(rows.map((r) => [r.k, r.v]));
}

export function changedOrders(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) out.push(`${k}: ${before.get(k) ?? "(new)"} -> ${v}`);
  for (const k of before.keys()) if (!after.has(k)) out.push(`${k}: gone`);
  return out;
}

/**
 * Wait until nothing in the app's tables moves for `quietMs` (the demo's orders settling, a job finishing), so a
 * count taken next belongs to the requests that follow. Returns how long it waited.
 */
export async function settle(quietMs = 1_500, maxMs = 60_000): Promise<number> {
  const t0 = Date.now();
  let last = JSON.stringify(await tableCounts());
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() - t0 > maxMs) throw new Error(`the database did not settle within ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
    const now = JSON.stringify(await tableCounts());
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  return Date.now() - t0;
}
