import { closeDb, getDb, type Db, type Tx } from "@/db";

export function testDb(): Db {
  return getDb();
}

class Rollback extends Error {}

/** Run fn inside a transaction that is always rolled back: nothing it writes outlives the test. */
export async function withRollback<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await getDb().transaction(async (tx) => {
      out = await fn(tx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out as T;
}

export { closeDb };
