import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { JobOptions } from "pg-boss";
import { getQueue } from "./queue";

/** pg-boss's own INSERT for one job of a queue, split around its one parameter (the JSON job list). */
interface Shape {
  head: string;
  tail: string;
  job: string;
}
const shapes = new Map<string, Shape | null>();

/**
 * pg-boss's INSERT of one job as SQL to embed in a caller's statement (a data-modifying CTE), with the job's
 * `data` an SQL expression of that statement (a row id it inserts): the job exists only if the statement commits,
 * in one round trip. The statement is pg-boss's own (queue policy, retry and expiry defaults), captured from a
 * `send` through an adapter that runs nothing; null when it is not one plain INSERT (a notify-enabled queue), and
 * the caller then sends the job with `enqueue`. A `data` of NULL inserts no job.
 */
export function jobInsertSql(name: string, options: JobOptions, data: SQL): Promise<SQL | null> {
  return jobsInsertSql(name, options, sql`select ${data}`);
}

/**
 * The same for any number of jobs in ONE insert: `datas` is a query whose one column is each job's data (a NULL
 * row inserts no job). One step for a batch's jobs keeps the caller's statement the same text whatever the batch's
 * size (a step per job made the settling statement of 40 callbacks 40 copies of pg-boss's insert: 15–24 ms to parse
 * and 31–49 ms to plan, at every batch).
 */
export async function jobsInsertSql(name: string, options: JobOptions, datas: SQL): Promise<SQL | null> {
  const key = `${name}|${JSON.stringify(options)}`;
  let shape = shapes.get(key);
  if (shape === undefined) {
    shape = await capture(name, options);
    shapes.set(key, shape);
  }
  if (!shape) return null;
  const job = sql`(cast(${shape.job} as jsonb) -> 0) - 'id'`;
  const list = sql`(select coalesce(jsonb_agg(jsonb_set(${job}, '{data}', d.data)), '[]'::jsonb)::text from (${datas}) as d(data) where d.data is not null)`;
  return sql`${sql.raw(shape.head)}${list}${sql.raw(shape.tail)}`;
}

async function capture(name: string, options: JobOptions): Promise<Shape | null> {
  const boss = await getQueue();
  let text = "";
  let values: unknown[] = [];
  const db = {
    executeSql: async (t: string, v?: unknown[]) => {
      text = t;
      values = v ?? [];
      return { rows: [{ id: "captured" }] };
    },
  };
  await boss.send(name, {}, { ...options, db });
  const parts = text.split("$1");
  const job = values[0];
  if (parts.length !== 2 || values.length !== 1 || typeof job !== "string" || !/^\s*insert\s/i.test(text)) return null;
  return { head: parts[0] ?? "", tail: parts[1] ?? "", job };
}
