import "server-only";
import { getTableColumns, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { payins, payouts } from "@/db/schema";
import { isFinal, type OrderType } from "@/lib/order-status/transitions";

// The set-based UPDATE of transitionOrders (transition-order.ts), which has checked every row on its locked status.

/** A checked row: its id, the status it was read in under the lock, where it goes, the columns written with it. */
export interface RowMove {
  id: number;
  from: string;
  to: string;
  set?: object;
}

/** The rows, one UPDATE per shape (which columns `set` names, final or not). Returns the ids changed. */
export async function updateOrders(tx: DbOrTx, type: OrderType, moves: readonly RowMove[], now: Date): Promise<Set<number>> {
  const shapes = new Map<string, RowMove[]>();
  for (const m of moves) {
    const set = (m.set ?? {}) as Record<string, unknown>;
    const key = `${isFinal(type, m.to)}|${Object.keys(set).filter((k) => set[k] !== undefined).sort().join(",")}`;
    shapes.set(key, [...(shapes.get(key) ?? []), m]);
  }
  const changed = new Set<number>();
  for (const [key, rows] of shapes) {
    const [finalFlag, keyList] = key.split("|");
    for (const id of await updateShape(tx, type, rows, keyList ? keyList.split(",") : [], finalFlag === "true", now)) changed.add(id);
  }
  return changed;
}

/** One UPDATE … FROM (VALUES …) for rows that set the same columns, each conditional on the status it was read in. */
async function updateShape(
  tx: DbOrTx,
  type: OrderType,
  rows: readonly RowMove[],
  setKeys: string[],
  final: boolean,
  now: Date,
): Promise<number[]> {
  const table = type === "payout" ? payouts : payins;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const cols = setKeys.map((k) => {
    const c = columns[k];
    if (!c) throw new Error(`transitionOrders: unknown column ${k}`);
    return c;
  });
  const statusType = sql.raw(table.status.getSQLType());
  const values = rows.map(({ id, from, to, set: row }) => {
    const set = row as Record<string, unknown>;
    const cells = cols.map((c, j) => {
      const v = set[nth(setKeys, j)];
      return sql`cast(${v === null ? null : c.mapToDriverValue(v)} as ${sql.raw(c.getSQLType())})`;
    });
    return sql`(${sql.join([sql`cast(${id} as bigint)`, sql`cast(${from} as ${statusType})`, sql`cast(${to} as ${statusType})`, ...cells], sql`, `)})`;
  });
  const names = [sql.raw("id"), sql.raw("from_status"), sql.raw("to_status"), ...cols.map((_, j) => sql.raw(`c${j}`))];
  const at = sql`cast(${now.toISOString()} as timestamptz)`;
  const assigns = [
    sql`status = v.to_status`,
    sql`updated_at = ${at}`,
    ...(final ? [sql`final_at = ${at}`] : []),
    ...(type === "payout" ? [sql`version = t.version + 1`] : []),
    ...cols.map((c, j) => sql`${sql.identifier(c.name)} = v.${sql.raw(`c${j}`)}`),
  ];
  const updated = await tx.execute<{ id: number | string }>(sql`
    update ${table} as t set ${sql.join(assigns, sql`, `)}
      from (values ${sql.join(values, sql`, `)}) as v(${sql.join(names, sql`, `)})
     where t.id = v.id and t.status = v.from_status
    returning t.id`);
  return updated.map((u) => Number(u.id));
}

function nth<X>(xs: readonly X[], i: number): X {
  const x = xs[i];
  if (x === undefined) throw new Error(`transitionOrders: no item ${i}`);
  return x;
}
