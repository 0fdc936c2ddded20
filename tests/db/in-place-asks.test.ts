import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb } from "../helpers/db";

/** What an ask about an open order writes when the order does not move (claimDue/claimMany, inquire-order.ts). */
const ASK_WRITES = ["next_check_at", "last_inquiry_at", "inquiry_count"];

describe("asking about an open order rewrites no index", () => {
  it("no index of pay-outs or pay-ins reads a column an ask writes (key, expression or condition), so PostgreSQL can update the row in place", async () => {
    const rows = await testDb().execute<{ table: string; name: string; def: string }>(sql`
      select tablename as table, indexname as name, indexdef as def from pg_indexes
       where schemaname = current_schema() and tablename in ('payouts', 'payins') order by 1, 2`);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(["payouts_open_check", "payins_open_check", "payouts_pkey", "payins_pkey"]));
    const reading = rows.flatMap((r) => ASK_WRITES.filter((c) => new RegExp(`\\b${c}\\b`).test(r.def)).map((c) => `${r.name} reads ${c}`));
    expect(reading).toEqual([]);
  });

  it("both tables leave a tenth of each new page free for the new versions of their rows", async () => {
    const rows = await testDb().execute<{ relname: string; reloptions: string[] | null }>(sql`
      select relname, reloptions from pg_class where relname in ('payouts', 'payins') and relnamespace = current_schema()::regnamespace order by 1`);
    expect(rows).toEqual([
      { relname: "payins", reloptions: ["fillfactor=90"] },
      { relname: "payouts", reloptions: ["fillfactor=90"] },
    ]);
  });
});
