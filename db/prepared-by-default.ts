import "server-only";
import type postgres from "postgres";

/** Statements with more parameters than this, or longer text, stay unnamed (runs' multi-row inserts, long id lists). */
export const MAX_PREPARED_PARAMETERS = 64;
export const MAX_PREPARED_TEXT = 16_384;

type Unsafe = postgres.Sql["unsafe"];
type QueryOptions = Parameters<Unsafe>[2];

/**
 * The postgres.js client handed to drizzle, with drizzle's statements prepared. drizzle names (prepares) only the
 * queries the code calls `.prepare(name)` on and sends every other one with `prepare: false`; postgres.js then sends
 * such a statement unnamed and, as it has parameters, asks PostgreSQL to describe it first: two round trips, and
 * PostgreSQL parses and plans it again at every run. Measured on the callback route (statement log, bench:callbacks):
 * the callback's store statement spent 0.6 ms parsing, 0.9 ms binding (planning) and 0.9 ms running, on every
 * callback.
 *
 * Here a statement of at most MAX_PREPARED_PARAMETERS parameters and MAX_PREPARED_TEXT characters is prepared on its
 * connection the first time (postgres.js keeps it by its text and parameter types), then only bound and executed: one
 * round trip, no parsing, and PostgreSQL's own choice between a plan per run and a generic plan (plan_cache_mode
 * auto). Larger statements vary in shape with their row count and stay unnamed, so a connection's statements stay
 * few. A client created with `prepare: false` (the per-search pool) keeps all of its statements unnamed: postgres.js
 * lets the client's setting win over the query's.
 *
 * Transactions and savepoints get a client of their connection from postgres.js; it is wrapped the same way.
 */
export function preparedByDefault<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "unsafe") {
        const unsafe = value as Unsafe;
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: QueryOptions) =>
          unsafe(query, parameters, { ...options, prepare: options?.prepare !== false || preparable(query, parameters) });
      }
      if (prop === "begin" || prop === "savepoint") {
        const open = value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const fn = args.at(-1);
          if (typeof fn !== "function") return open(...args);
          return open(...args.slice(0, -1), (tx: postgres.TransactionSql) => (fn as (tx: postgres.TransactionSql) => unknown)(preparedByDefault(tx)));
        };
      }
      return value;
    },
  });
}

function preparable(query: string, parameters: readonly unknown[] | undefined): boolean {
  return (parameters?.length ?? 0) <= MAX_PREPARED_PARAMETERS && query.length <= MAX_PREPARED_TEXT;
}
