import { describe, expect, it } from "vitest";
import { userMerchants } from "@/db/schema";
import { searchOrders } from "@/lib/orders/search-orders";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createPayin, createPayout, createUser } from "../helpers/factories";

/** Two merchants with one pay-out and one pay-in each; every test runs in a rolled-back transaction. */
/** The old lookup shape: the items of one page. */
const lookupOrders = async (a: Parameters<typeof searchOrders>[0]) => (await searchOrders(a)).items;

async function twoMerchants(tx: Parameters<Parameters<typeof withRollback>[0]>[0]) {
  const a = await createMerchant(tx);
  const b = await createMerchant(tx);
  const outA = await createPayout(tx, { merchantId: a.id, cashAccount: "1234567890", taxNumber: "12345678909" });
  const outB = await createPayout(tx, { merchantId: b.id, cashAccount: "9876543210" });
  const inA = await createPayin(tx, { merchantId: a.id, payerAccountNo: "5555666677" });
  const inB = await createPayin(tx, { merchantId: b.id });
  return { a, b, outA, outB, inA, inB };
}

const orderNos = (rows: { orderNo: string }[]) => rows.map((r) => r.orderNo).sort();

describe("searchOrders: merchant scope (fails closed)", () => {
  it("a user with an empty merchant list sees no order, neither the latest nor by orderNo", async () => {
    await withRollback(async (tx) => {
      const { outA, inB } = await twoMerchants(tx);
      const u = await createUser(tx, { role: "finance", allMerchants: false });
      const ctx = ctxFor(tx, u);
      expect(await lookupOrders({ ctx, input: {} })).toEqual([]);
      expect(await lookupOrders({ ctx, input: { q: outA.orderNo } })).toEqual([]);
      expect(await lookupOrders({ ctx, input: { q: inB.orderNo } })).toEqual([]);
    });
  });

  it("a user scoped to one merchant sees only that merchant's pay-outs and pay-ins", async () => {
    await withRollback(async (tx) => {
      const { a, outA, inA, outB, inB } = await twoMerchants(tx);
      const u = await createUser(tx, { role: "finance", allMerchants: false });
      await tx.insert(userMerchants).values({ userId: u.id, merchantId: a.id });
      const ctx = ctxFor(tx, u);
      const rows = await lookupOrders({ ctx, input: {} });
      expect(orderNos(rows)).toEqual(orderNos([outA, inA]));
      expect(await lookupOrders({ ctx, input: { q: outB.orderNo } })).toEqual([]);
      expect(await lookupOrders({ ctx, input: { q: inB.orderNo } })).toEqual([]);
    });
  });

  it("a user with all merchants sees both", async () => {
    await withRollback(async (tx) => {
      const { outA, outB } = await twoMerchants(tx);
      const u = await createUser(tx, { role: "finance", allMerchants: true });
      const ctx = ctxFor(tx, u);
      expect((await lookupOrders({ ctx, input: { q: outA.orderNo } })).length).toBe(1);
      expect((await lookupOrders({ ctx, input: { q: outB.orderNo } })).length).toBe(1);
    });
  });
});

describe("searchOrders: masking by role", () => {
  it("support gets masked account numbers and tax ids from the domain function; finance gets them whole", async () => {
    await withRollback(async (tx) => {
      const { a, outA, inA } = await twoMerchants(tx);
      const support = await createUser(tx, { role: "support", allMerchants: false });
      await tx.insert(userMerchants).values({ userId: support.id, merchantId: a.id });
      const [out] = await lookupOrders({ ctx: ctxFor(tx, support), input: { q: outA.orderNo } });
      expect(out?.account).toBe("••••••7890");
      expect(out?.taxNumber).toBe("•••••••8909");
      const [pin] = await lookupOrders({ ctx: ctxFor(tx, support), input: { q: inA.orderNo } });
      expect(pin?.account).toBe("••••••6677");
      expect(JSON.stringify(await lookupOrders({ ctx: ctxFor(tx, support), input: {} }))).not.toMatch(/1234567890|12345678909|5555666677/);

      const finance = await createUser(tx, { role: "finance", allMerchants: true });
      const [whole] = await lookupOrders({ ctx: ctxFor(tx, finance), input: { q: outA.orderNo } });
      expect(whole?.account).toBe("1234567890");
      expect(whole?.taxNumber).toBe("12345678909");
    });
  });
});
