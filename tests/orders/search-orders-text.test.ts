import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { userMerchants } from "@/db/schema";
import { orderSearchSchema, type OrderSearchInput } from "@/lib/orders/schemas";
import { searchOrders } from "@/lib/orders/search-orders";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createPayin, createPayout, createUser } from "../helpers/factories";

type Tx = Parameters<Parameters<typeof withRollback>[0]>[0];

async function search(tx: Tx, user: Awaited<ReturnType<typeof createUser>>, input: OrderSearchInput) {
  return searchOrders({ ctx: ctxFor(tx, user), input: orderSearchSchema.parse(input) });
}
const nos = (r: { items: { orderNo: string }[] }) => r.items.map((i) => i.orderNo).sort();

async function scoped(tx: Tx, merchantIds: number[], role: "support" | "finance" = "support") {
  const u = await createUser(tx, { role, allMerchants: false });
  for (const m of merchantIds) await tx.insert(userMerchants).values({ userId: u.id, merchantId: m });
  return u;
}

describe("searchOrders: what q finds", () => {
  it("an orderNo or tradeNo exact (named in `exact`) or by prefix, pay-outs and pay-ins alike", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const out = await createPayout(tx, { merchantId: m.id, orderNo: "ZQPREFIX0001", tradeNo: "TRZQ000111" });
      const pin = await createPayin(tx, { merchantId: m.id, orderNo: "ZQPREFIX0002", tradeNo: "TRZQ000222" });
      const u = await scoped(tx, [m.id]);
      expect(nos(await search(tx, u, { q: "ZQPREFIX" }))).toEqual([out.orderNo, pin.orderNo]);
      const byTrade = await search(tx, u, { q: "TRZQ000222" });
      expect(byTrade.exact).toEqual({ type: "payin", id: pin.id });
      expect((await search(tx, u, { q: "ZQPREFIX" })).exact).toBeNull();
    });
  });

  it("an account by its last digits (not by its first ones), a name without case or accents", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const out = await createPayout(tx, { merchantId: m.id, cashAccount: "9900118877", receiverName: "João Conceição" });
      const pin = await createPayin(tx, { merchantId: m.id, payerAccountNo: "4400228877", payerName: "Zoë Müller" });
      const u = await scoped(tx, [m.id]);
      expect(nos(await search(tx, u, { q: "8877" }))).toEqual([out.orderNo, pin.orderNo].sort());
      expect(nos(await search(tx, u, { q: "9900" }))).toEqual([]);
      expect(nos(await search(tx, u, { q: "joao" }))).toEqual([out.orderNo]);
      expect(nos(await search(tx, u, { q: "CONCEICAO" }))).toEqual([out.orderNo]);
      expect(nos(await search(tx, u, { q: "zoe mu" }))).toEqual([pin.orderNo]);
      // Support sees the account masked in the results it found by those digits.
      const [row] = (await search(tx, u, { q: "8877" })).items.filter((i) => i.type === "payout");
      expect(row?.account).toBe("••••••8877");
      // Finance sees accounts whole: a longer suffix narrows (and reveals nothing it does not see).
      const f = await scoped(tx, [m.id], "finance");
      expect(nos(await search(tx, f, { q: "118877" }))).toEqual([out.orderNo]);
    });
  });

  it("finds the same with the statement's generic plan (as the search pool runs it): a prefix is exactly the ids that start with it", async () => {
    await withRollback(async (tx) => {
      await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
      const m = await createMerchant(tx);
      // Prefixes ending in Z and 9 (the range's end is the next character: [ and :), and neighbours just past them.
      const z = await createPayout(tx, { merchantId: m.id, orderNo: "ZQGENZ0001", tradeNo: "TRZQGEN9001", cashAccount: "1200118899" });
      await createPayout(tx, { merchantId: m.id, orderNo: "ZQGEO00001", tradeNo: "TRZQGEN:001", cashAccount: "1200118900" });
      const pin = await createPayin(tx, { merchantId: m.id, orderNo: "ZQGENA0002", tradeNo: "TRZQGEN8002", payerAccountNo: "3300228899" });
      const u = await scoped(tx, [m.id], "finance");
      for (let run = 0; run < 2; run++) {
        expect(nos(await search(tx, u, { q: "zqgen" }))).toEqual([pin.orderNo, z.orderNo]);
        expect(nos(await search(tx, u, { q: "ZQGENZ" }))).toEqual([z.orderNo]);
        expect(nos(await search(tx, u, { q: "trzqgen9" }))).toEqual([z.orderNo]);
        expect((await search(tx, u, { q: "TRZQGEN8002" })).exact).toEqual({ type: "payin", id: pin.id });
        expect(nos(await search(tx, u, { q: "8899" }))).toEqual([z.orderNo, pin.orderNo].sort());
        expect(nos(await search(tx, u, { q: "18899" }))).toEqual([z.orderNo]);
      }
    });
  });

  it("amount with its currency, a date range, and the type narrow the results", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const a = await createPayout(tx, { merchantId: m.id, amountMinor: 123456n, createdAt: new Date("2026-03-02T10:00:00Z") });
      await createPayout(tx, { merchantId: m.id, amountMinor: 999n, createdAt: new Date("2026-03-02T10:00:00Z") });
      const b = await createPayin(tx, { merchantId: m.id, amountMinor: 123456n, createdAt: new Date("2026-04-02T10:00:00Z") });
      const u = await scoped(tx, [m.id]);
      expect(nos(await search(tx, u, { amount: "1234.56", currency: "THB" }))).toEqual([a.orderNo, b.orderNo].sort());
      expect(nos(await search(tx, u, { amount: "1234.56", currency: "THB", from: "2026-04-01", to: "2026-04-30" }))).toEqual([b.orderNo]);
      expect(nos(await search(tx, u, { amount: "1234.56", currency: "THB", type: "payout" }))).toEqual([a.orderNo]);
      expect(orderSearchSchema.safeParse({ amount: "12" }).success).toBe(false);
      expect(orderSearchSchema.safeParse({ q: "a%" }).success).toBe(false);
    });
  });

  it("keyset pages walk every order once, newest first, across both tables and equal instants", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const same = new Date("2026-05-05T05:05:05.123456Z");
      const made: string[] = [];
      for (let i = 0; i < 4; i++) made.push((await createPayout(tx, { merchantId: m.id, createdAt: same })).orderNo);
      for (let i = 0; i < 3; i++) made.push((await createPayin(tx, { merchantId: m.id, createdAt: same })).orderNo);
      for (let i = 0; i < 3; i++) made.push((await createPayin(tx, { merchantId: m.id, createdAt: new Date(same.getTime() - i * 1000) })).orderNo);
      const u = await scoped(tx, [m.id]);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 10; n++) {
        const page = await search(tx, u, { limit: "3", cursor });
        seen.push(...page.items.map((i) => i.orderNo));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen.length).toBe(made.length);
      expect([...seen].sort()).toEqual([...made].sort());
    });
  });
});

describe("searchOrders: a user scoped to one merchant finds nothing of another", () => {
  it("by id, prefix, last digits, name, amount or the latest list", async () => {
    await withRollback(async (tx) => {
      const a = await createMerchant(tx);
      const b = await createMerchant(tx);
      const other = await createPayout(tx, { merchantId: b.id, orderNo: "OTHERMRC001", tradeNo: "TROTHER001", cashAccount: "5566778899", receiverName: "Ânderson Other", amountMinor: 777700n });
      const otherIn = await createPayin(tx, { merchantId: b.id, payerAccountNo: "5566778899", payerName: "Ânderson Other" });
      const mine = await createPayout(tx, { merchantId: a.id });
      const u = await scoped(tx, [a.id]);
      for (const q of [other.orderNo, "OTHERMRC", "TROTHER001", otherIn.orderNo, "8899", "anderson"]) {
        expect((await search(tx, u, { q })).items).toEqual([]);
      }
      expect((await search(tx, u, { amount: "7777", currency: "THB" })).items).toEqual([]);
      expect(nos(await search(tx, u, {}))).toEqual([mine.orderNo]);
      const nobody = await scoped(tx, []);
      expect((await search(tx, nobody, {})).items).toEqual([]);
    });
  });
});
