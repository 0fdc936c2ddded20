import "server-only";
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { callbacks, orderEvents, payins, payouts } from "@/db/schema";
import type { SystemCtx } from "@/lib/context";
import { jobInsertSql } from "@/lib/jobs/job-insert-sql";
import { orderNoteRow, type OrderNote } from "@/lib/orders/note-order-event";
import type { FoundOrder } from "./find-order";
import { CALLBACK_CONFIRM } from "@/lib/jobs/queues";
import type { CallbackRecord } from "./record-callback";

export type Stored =
  /** Stored (with its note and confirmation job when one was asked for). */
  | { kind: "stored"; callbackId: number }
  /** Nothing written: the signature was accepted before (a duplicate delivery or a replay). */
  | { kind: "claimed" }
  /** Nothing written: the order is no longer as it was read (another writer moved it), or no job could be embedded. */
  | { kind: "moved" };

/**
 * A verified callback whose decision changes no status (confirming, duplicate, ignored), in ONE statement: the
 * order's row locked only if it still has the status and tradeNo the decision was made on, the callback row
 * claiming its signature, and for `confirming` its timeline note and its confirmation job (pg-boss's own INSERT),
 * each written only if the step before it was. `moved` and `claimed` wrote nothing; the caller then decides again
 * under the order's lock, or looks up the prior claim.
 */
export async function storeCallback(
  ctx: SystemCtx,
  order: Pick<FoundOrder, "type" | "id" | "status" | "tradeNo">,
  row: CallbackRecord & { signatureKey: string; bodySha256: string },
  confirming: Omit<OrderNote, "type" | "id" | "status" | "callbackId"> | null,
): Promise<Stored> {
  const t = order.type === "payout" ? payouts : payins;
  const steps: SQL[] = [
    sql`o as (select id from ${t} where id = ${order.id} and status = ${order.status} and trade_no is not distinct from ${order.tradeNo} for update)`,
    sql`cb as (${insertFrom(callbacks, row, {}, sql`o`)} on conflict (signature_key) do nothing returning id)`,
  ];
  if (confirming) {
    const note = orderNoteRow(ctx, { ...confirming, type: order.type, id: order.id, status: order.status });
    const job = await jobInsertSql(CALLBACK_CONFIRM, {}, sql`(select jsonb_build_object('callbackId', id) from cb)`);
    if (!job) return { kind: "moved" };
    steps.push(sql`ev as (${insertFrom(orderEvents, note, { callback_id: sql`cb.id` }, sql`cb`)})`, sql`job as (${job})`);
  }
  const [r] = await ctx.db.execute<{ locked: number; callback_id: string | null }>(
    sql`with ${sql.join(steps, sql`, `)} select (select count(*) from o)::int as locked, (select id from cb)::text as callback_id`,
  );
  if (!r || r.locked === 0) return { kind: "moved" };
  return r.callback_id === null ? { kind: "claimed" } : { kind: "stored", callbackId: Number(r.callback_id) };
}

/**
 * `insert into <table> (columns) select r.<column>…, <extra expressions> from <source>, jsonb_populate_record(…) r`:
 * the row goes as ONE parameter (JSON as text: typed jsonb, the driver would encode it again), read back with the table's own column types. The statement's text depends
 * only on which columns are set, and building it is a few SQL chunks: a parameter and a cast per column made
 * drizzle's query building the route's largest cost in JavaScript.
 */
function insertFrom(table: PgTable, row: Record<string, unknown>, extra: Record<string, SQL>, from: SQL): SQL {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const names: string[] = [];
  const json: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(row)) {
    const c = columns[key];
    if (!c) throw new Error(`insertFrom: unknown column ${key}`);
    if (v === undefined || c.name in extra) continue;
    const type = c.getSQLType();
    names.push(c.name);
    // JSON columns keep the value itself; every other one its driver value (a Date as text, a bigint as number).
    json[c.name] = v === null ? null : type === "jsonb" || type === "json" ? v : c.mapToDriverValue(v);
  }
  const quoted = (n: string) => `"${n.replaceAll('"', '""')}"`;
  const cols = [...names.map(quoted), ...Object.keys(extra).map(quoted)].join(", ");
  const picked = names.map((n) => `r.${quoted(n)}`).join(", ");
  const extras = Object.values(extra);
  const tail = extras.length > 0 ? sql`, ${sql.join(extras, sql`, `)}` : sql``;
  return sql`insert into ${table} (${sql.raw(cols)}) select ${sql.raw(picked)}${tail} from ${from}, jsonb_populate_record(null::${table}, cast(cast(${JSON.stringify(json)} as text) as jsonb)) r`;
}
