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

/**
 * One UPDATE for rows that set the same columns, each conditional on the status it was read in. The rows travel as
 * ONE JSON parameter (json_to_recordset, every cell as the text its column's driver value is, cast back here): a
 * multi-row VALUES of 50 rows was 250 parameters for drizzle to build and postgres.js to encode.
 */
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
    const cells: Record<string, unknown> = { id, from_status: from, to_status: to };
    cols.forEach((c, j) => {
      const v = set[nth(setKeys, j)];
      cells[`c${j}`] = v === null || v === undefined ? null : driverText(c.mapToDriverValue(v));
    });
    return cells;
  });
  const shape = [sql.raw("id bigint, from_status text, to_status text"), ...cols.map((_, j) => sql.raw(`c${j} text`))];
  const at = sql`cast(${now.toISOString()} as timestamptz)`;
  const assigns = [
    sql`status = cast(v.to_status as ${statusType})`,
    sql`updated_at = ${at}`,
    ...(final ? [sql`final_at = ${at}`] : []),
    ...(type === "payout" ? [sql`version = t.version + 1`] : []),
    ...cols.map((c, j) => sql`${sql.identifier(c.name)} = cast(v.${sql.raw(`c${j}`)} as ${sql.raw(c.getSQLType())})`),
  ];
  const updated = await tx.execute<{ id: number | string }>(sql`
    update ${table} as t set ${sql.join(assigns, sql`, `)}
      from json_to_recordset(cast(${JSON.stringify(values)} as json)) as v(${sql.join(shape, sql`, `)})
     where t.id = v.id and t.status = cast(v.from_status as ${statusType})
    returning t.id`);
  return updated.map((u) => Number(u.id));
}

/** A column's driver value as the text PostgreSQL casts back to the column's type. */
function driverText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Date) return v.toISOString();
  throw new Error(`transitionOrders: a value of type ${typeof v} cannot be written by the batch update`);
}

function nth<X>(xs: readonly X[], i: number): X {
  const x = xs[i];
  if (x === undefined) throw new Error(`transitionOrders: no item ${i}`);
  return x;
}
