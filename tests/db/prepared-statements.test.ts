import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getSearchDb, type DbOrTx } from "@/db";
import { MAX_PREPARED_PARAMETERS } from "@/db/prepared-by-default";
import { payouts } from "@/db/schema";
import { withRollback } from "../helpers/db";

/** The statements prepared on the connection this handle runs on (a transaction: the same connection throughout). */
async function preparedLike(db: DbOrTx, marker: string): Promise<number> {
  const [r] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`);
  return r?.n ?? -1;
}

describe("the app's statements on its connections", () => {
  it("are prepared once per connection, in a transaction and a savepoint too, and then only executed", async () => {
    await withRollback(async (tx) => {
      const marker = `prep_${Date.now()}`;
      const byOrderNo = (i: number) => tx.select({ id: payouts.id }).from(payouts).where(eq(payouts.orderNo, `${marker}-${i}`));
      for (let i = 0; i < 3; i++) await byOrderNo(i);
      await tx.execute(sql`select ${marker}::text as "${sql.raw(marker)}_execute"`);
      await tx.transaction(async (sp) => {
        await sp.select({ id: payouts.id }).from(payouts).where(eq(payouts.purpose, marker));
      });
      const [used] = await tx.execute<{ runs: number }>(sql`select (generic_plans + custom_plans)::int as runs from pg_prepared_statements where statement = ${byOrderNo(0).toSQL().sql}`);
      expect(used?.runs).toBe(3); // one statement, prepared once, run three times
      expect(await preparedLike(tx, `_execute`)).toBe(1);
      expect(await preparedLike(tx, `"purpose" = $1`)).toBe(1);
    });
  });

  it("stay unnamed when they carry more than the cap's parameters, and on the per-search pool", async () => {
    await withRollback(async (tx) => {
      const ids = Array.from({ length: MAX_PREPARED_PARAMETERS + 1 }, (_, i) => -1 - i);
      await tx.select({ id: payouts.id }).from(payouts).where(inArray(payouts.id, ids));
      expect(await preparedLike(tx, `$${MAX_PREPARED_PARAMETERS + 1})`)).toBe(0);
    });
    const search = getSearchDb("per-search");
    await search.transaction(async (tx) => {
      await tx.select({ id: payouts.id }).from(payouts).where(eq(payouts.rejectReason, "per-search marker"));
      expect(await preparedLike(tx, `"reject_reason" = $1`)).toBe(0);
    });
  });
});
