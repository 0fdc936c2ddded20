import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import * as schema from "@/db/schema";
import { systemCtx, withTransaction } from "@/lib/context";
import { transitionOrder } from "@/lib/orders/transition-order";
import { testDb } from "../helpers/db";
import { createPayout } from "../helpers/factories";

// Every statement the client sends, to count a transaction's round trips.
const sent: string[] = [];
const client = postgres(inject("databaseUrl"), { max: 1, onnotice: () => undefined, debug: (_c, query) => sent.push(query.trim().toLowerCase()) });
const db = drizzle(client, { schema });
afterAll(() => client.end({ timeout: 5 }));

const counted = async (fn: () => Promise<unknown>) => {
  sent.length = 0;
  await fn();
  return [...sent];
};

describe("withTransaction", () => {
  it("opens a transaction on a plain handle, and runs in place (no savepoint) on one that is already", async () => {
    const outer = await counted(() => withTransaction(systemCtx(db, "jobs"), (t) => withTransaction(t, (inner) => inner.db.execute("select 1"))));
    expect(outer.filter((q) => q.startsWith("begin"))).toHaveLength(1);
    expect(outer.some((q) => q.includes("savepoint"))).toBe(false);
  });

  it("a transition inside a callback's transaction: no savepoint; the caller's row lock spares its read", async () => {
    const a = await createPayout(testDb(), { status: "PROCESSING" });
    const b = await createPayout(testDb(), { status: "PROCESSING" });
    const move = (id: number, locked?: { status: string; merchantId: number }) =>
      counted(() => db.transaction((tx) => transitionOrder(systemCtx(tx, "callback"), { type: "payout", id, to: "SUCCESS", source: "callback" }, locked)));
    const read = await move(a.id);
    const given = await move(b.id, { status: "PROCESSING", merchantId: b.merchantId });
    for (const qs of [read, given]) expect(qs.some((q) => q.includes("savepoint"))).toBe(false);
    // begin, [lock], update, then its event, audit row and notify in one statement, commit
    expect(read).toHaveLength(5);
    expect(read.filter((q) => q.includes("for update"))).toHaveLength(1);
    expect(given).toHaveLength(4);
    expect(given.some((q) => q.includes("for update"))).toBe(false);
  });
});
