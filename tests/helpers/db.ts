import { inject } from "vitest";
import { closeDb, createDb, getDb, type Db, type Tx } from "@/db";

/** The app's handle, as the app's role (neither superuser nor owner): what tests use unless they say otherwise. */
export function testDb(): Db {
  return getDb();
}

let owner: ReturnType<typeof createDb> | undefined;

/**
 * The owner role, for what the app may not do: look into the sandbox gateway's tables, or act as an insider with
 * owner rights (a raw UPDATE the app's grants refuse).
 */
export function ownerDb(): Db {
  owner ??= createDb(inject("ownerDatabaseUrl"), 2);
  return owner.db;
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
