import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { userMerchants, users } from "@/db/schema";
import { orderSearchSchema, type OrderSearchInput } from "@/lib/orders/schemas";
import { searchOrders } from "@/lib/orders/search-orders";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createPayin, createPayout, createUser } from "../helpers/factories";

type Tx = Parameters<Parameters<typeof withRollback>[0]>[0];
type User = Awaited<ReturnType<typeof createUser>>;

const search = (tx: Tx, user: User, input: OrderSearchInput) => searchOrders({ ctx: ctxFor(tx, user), input: orderSearchSchema.parse(input) });
const nos = (r: { items: { orderNo: string }[] }) => r.items.map((i) => i.orderNo).sort();

describe("searchOrders: both kinds in one statement", () => {
  it("type: payout finds only pay-outs and type: payin only pay-ins, with the same q", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const out = await createPayout(tx, { merchantId: m.id, orderNo: "ZQKIND0001" });
      const pin = await createPayin(tx, { merchantId: m.id, orderNo: "ZQKIND0002" });
      const u = await createUser(tx, { role: "support", allMerchants: true });
      expect(nos(await search(tx, u, { q: "ZQKIND" }))).toEqual([out.orderNo, pin.orderNo]);
      expect(nos(await search(tx, u, { q: "ZQKIND", type: "payout" }))).toEqual([out.orderNo]);
      expect(nos(await search(tx, u, { q: "ZQKIND", type: "payin" }))).toEqual([pin.orderNo]);
    });
  });

  it("reads the merchant scope as it stands at each search: a flag cleared or a merchant removed takes effect at once", async () => {
    await withRollback(async (tx) => {
      const a = await createMerchant(tx);
      const b = await createMerchant(tx);
      const outA = await createPayout(tx, { merchantId: a.id, orderNo: "ZQSCOPE0001" });
      const inB = await createPayin(tx, { merchantId: b.id, orderNo: "ZQSCOPE0002" });
      const u = await createUser(tx, { role: "support", allMerchants: true });
      expect(nos(await search(tx, u, { q: "ZQSCOPE" }))).toEqual([outA.orderNo, inB.orderNo]);
      await tx.update(users).set({ allMerchants: false }).where(eq(users.id, u.id));
      expect(nos(await search(tx, u, { q: "ZQSCOPE" }))).toEqual([]);
      await tx.insert(userMerchants).values({ userId: u.id, merchantId: b.id });
      expect(nos(await search(tx, u, { q: "ZQSCOPE" }))).toEqual([inB.orderNo]);
      await tx.delete(userMerchants).where(eq(userMerchants.userId, u.id));
      expect(nos(await search(tx, u, { q: "ZQSCOPE" }))).toEqual([]);
    });
  });

  it("merges the two kinds newest first and pages on across them without a gap or a repeat", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const u = await createUser(tx, { role: "support", allMerchants: true });
      const made: string[] = [];
      for (let i = 0; i < 7; i++) {
        const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
        const o = i % 3 === 0 ? await createPayin(tx, { merchantId: m.id, orderNo: `ZQMERGE${i}`, createdAt: at }) : await createPayout(tx, { merchantId: m.id, orderNo: `ZQMERGE${i}`, createdAt: at });
        made.push(o.orderNo);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 5; page++) {
        const r = await search(tx, u, { q: "ZQMERGE", limit: "3", ...(cursor ? { cursor } : {}) });
        seen.push(...r.items.map((i) => i.orderNo));
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      expect(seen).toEqual([...made].reverse());
    });
  });
});
