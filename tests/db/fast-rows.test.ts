import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withFlatRows } from "@/db/fast-rows";
import { merchants, payouts } from "@/db/schema";
import { withRollback } from "../helpers/db";
import { createMerchant, createPayout } from "../helpers/factories";

describe("withFlatRows: a prepared select's rows mapped by decoders resolved once", () => {
  it("gives exactly drizzle's own values: ids, bigint money, times, enums, aliased SQL, nulls", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx, { environment: "custom", customBaseUrl: "http://127.0.0.1:9/" });
      const a = await createPayout(tx, { merchantId: m.id, amountMinor: 123_456_789_012_345n, taxNumber: null, tradeNo: null });
      const b = await createPayout(tx, { merchantId: m.id, amountMinor: 1n, taxNumber: "12345678901", tradeNo: "TR-1" });
      const query = () =>
        tx
          .select({
            id: payouts.id,
            at: sql<string>`to_char(${payouts.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("at"),
            createdAt: payouts.createdAt,
            status: payouts.status,
            amountMinor: payouts.amountMinor,
            tradeNo: payouts.tradeNo,
            taxNumber: payouts.taxNumber,
            merchantName: merchants.name,
            customBaseUrl: merchants.customBaseUrl,
            kind: sql<string>`${"payout"}`.as("kind"),
          })
          .from(payouts)
          .innerJoin(merchants, eq(merchants.id, payouts.merchantId))
          .where(sql`${payouts.id} in (${sql.placeholder("a")}, ${sql.placeholder("b")})`)
          .orderBy(payouts.id);
      const values = { a: a.id, b: b.id };
      const drizzles = await query().prepare("flat_rows_drizzle").execute(values);
      const prepared = withFlatRows(query().prepare("flat_rows_flat"));
      expect((prepared as unknown as { customResultMapper?: unknown }).customResultMapper).toBeTypeOf("function");
      const flat = await prepared.execute(values);
      expect(drizzles).toHaveLength(2);
      expect(flat).toEqual(drizzles);
      expect(typeof flat[0]?.amountMinor).toBe("bigint");
      expect(flat[0]?.createdAt).toBeInstanceOf(Date);
      expect(flat[0]?.tradeNo).toBeNull();
      expect(flat[1]?.taxNumber).toBe("12345678901");
      expect(Object.keys(flat[0] ?? {})).toEqual(Object.keys(drizzles[0] ?? {}));
    });
  });

  it("leaves a nested selection to drizzle (its joined objects and their nulls)", async () => {
    await withRollback(async (tx) => {
      const p = await createPayout(tx);
      const nested = () => tx.select({ po: { id: payouts.id }, m: { name: merchants.name } }).from(payouts).leftJoin(merchants, eq(merchants.id, payouts.merchantId)).where(eq(payouts.id, p.id));
      const prepared = nested().prepare("flat_rows_nested");
      expect(withFlatRows(prepared)).toBe(prepared);
      expect(await prepared.execute()).toEqual(await nested());
    });
  });
});
