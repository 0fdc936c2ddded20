import "server-only";
import type { Tx } from "@/db";

/**
 * The same transaction, whose nested `transaction()` runs in place instead of opening a savepoint. A callback's
 * transaction keeps nothing if the transition inside it throws (all of it rolls back and the gateway retries),
 * so the SAVEPOINT / RELEASE pair would be two round trips on the hot path for nothing.
 */
export function flatTx(tx: Tx): Tx {
  const run = (fn: (t: Tx) => Promise<unknown>) => fn(flat);
  const flat = Object.create(tx, { transaction: { value: run } }) as Tx;
  return flat;
}
