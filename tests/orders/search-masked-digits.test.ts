import { and, eq, sql, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, payins, payouts, userMerchants } from "@/db/schema";
import { exportOrdersCsv } from "@/lib/orders/export-orders-csv";
import { orderSearchSchema, type OrderSearchInput } from "@/lib/orders/schemas";
import { searchOrders, textWhere } from "@/lib/orders/search-orders";
import { kindOf } from "@/lib/orders/kinds";
import { filterWhere, listOrders } from "@/lib/orders/list-orders";
import { listPayinsSchema } from "@/lib/payins/schemas";
import { listPayoutsSchema } from "@/lib/payouts/schemas";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createPayin, createPayout, createUser } from "../helpers/factories";

type Tx = Parameters<Parameters<typeof withRollback>[0]>[0];
type User = Awaited<ReturnType<typeof createUser>>;

const search = (tx: Tx, u: User, input: OrderSearchInput) => searchOrders({ ctx: ctxFor(tx, u), input: orderSearchSchema.parse(input) });
const nos = (r: { items: { orderNo: string }[] }) => r.items.map((i) => i.orderNo).sort();
const suffixAudits = (tx: Tx, u: User) => tx.select().from(auditLog).where(and(eq(auditLog.action, "orders.suffix_searched"), eq(auditLog.actorUserId, u.id)));

async function scoped(tx: Tx, merchantId: number, role: "support" | "admin" | "finance", canReveal = false) {
  const u = await createUser(tx, { role, allMerchants: false, canReveal });
  await tx.insert(userMerchants).values({ userId: u.id, merchantId });
  return u;
}

/** A Thai account, a Brazilian pay-out to a CPF Pix key (account and tax number the CPF), a wallet, a payer's account. */
async function masked(tx: Tx) {
  const m = await createMerchant(tx);
  const th = await createPayout(tx, { merchantId: m.id, cashAccount: "5550001111" });
  const br = await createPayout(tx, { merchantId: m.id, region: "BR", currency: "BRL", paymentMethod: "CPF", cashAccount: "12345678909", taxNumber: "12345678909", receiverName: "Ana Souza" });
  const usdt = await createPayout(tx, { merchantId: m.id, region: "USDT", currency: "USDT", paymentMethod: "TRC20", cashAccount: "TJRabPrwbZy45sbavfcjinPJC18kj345678" });
  const pin = await createPayin(tx, { merchantId: m.id, payerAccountNo: "7770002222" });
  return { m, th, br, usdt, pin };
}

const suffixes = (value: string, from: number) => Array.from({ length: value.length - from + 1 }, (_, i) => value.slice(-(from + i)));

describe("searchOrders: digits beyond what the mask shows", () => {
  it("without the reveal permission, 5 digits or more match no account, CPF or wallet (a notice says why); the last 4 do; nothing is audited", async () => {
    await withRollback(async (tx) => {
      const { m, th, br, usdt, pin } = await masked(tx);
      for (const role of ["support", "admin"] as const) {
        const u = await scoped(tx, m.id, role);
        for (const q of [...suffixes("5550001111", 5), ...suffixes("12345678909", 5), ...suffixes("345678", 5), ...suffixes("7770002222", 5), "555 000 1111", "555-000-1111"]) {
          const r = await search(tx, u, { q });
          expect({ q, found: nos(r) }).toEqual({ q, found: [] });
          expect(r.notice).toMatch(/last 4 digits only/);
        }
        expect(nos(await search(tx, u, { q: "1111" }))).toEqual([th.orderNo]);
        expect(nos(await search(tx, u, { q: "8909" }))).toEqual([br.orderNo]);
        expect(nos(await search(tx, u, { q: "5678" }))).toEqual([usdt.orderNo]);
        expect(nos(await search(tx, u, { q: "2222" }))).toEqual([pin.orderNo]);
        expect((await search(tx, u, { q: "1111" })).notice).toBeNull();
        expect(await suffixAudits(tx, u)).toEqual([]);
      }
    });
  });

  it("with the reveal permission, a longer suffix matches and each search is audited: who, and the digits masked, never whole", async () => {
    await withRollback(async (tx) => {
      const { m, th, br } = await masked(tx);
      const u = await scoped(tx, m.id, "support", true);
      const a = await search(tx, u, { q: "0001111" });
      expect(nos(a)).toEqual([th.orderNo]);
      expect(a.notice).toBeNull();
      expect(a.items[0]?.account).toBe("••••••1111");
      expect(nos(await search(tx, u, { q: "345678909" }))).toEqual([br.orderNo]);
      expect(nos(await search(tx, u, { q: "1111" }))).toEqual([th.orderNo]);
      const rows = await suffixAudits(tx, u);
      expect(rows.map((r) => [r.actorUserId, r.targetType, r.after])).toEqual([
        [u.id, "order", { searched: "•••1111", digits: 7 }],
        [u.id, "order", { searched: "•••••8909", digits: 9 }],
      ]);
      expect(JSON.stringify(rows)).not.toMatch(/0001111|345678909/);

      // The CSV export of such a search: one audit row for the suffix (not one per page), the filter masked too.
      const res = await exportOrdersCsv({ ctx: ctxFor(tx, u), input: orderSearchSchema.parse({ q: "50001111" }) });
      expect(await res.text()).toContain(th.orderNo);
      expect((await suffixAudits(tx, u)).length).toBe(3);
      const [exported] = await tx.select().from(auditLog).where(and(eq(auditLog.action, "orders.exported"), eq(auditLog.actorUserId, u.id)));
      expect((exported?.after as { filter: { q: string } }).filter.q).toBe("••••1111");
    });
  });
});

async function explain(tx: Tx, table: typeof payouts | typeof payins, where: SQL | undefined): Promise<string> {
  if (!where) throw new Error("no condition");
  const rows = await tx.execute<{ "QUERY PLAN": string }>(sql`explain select ${table.id} from ${table} where ${where.inlineParams()}`);
  return rows.map((r) => r["QUERY PLAN"].replace(/\(cost=[^)]*\)/, "").replace(/\s+/g, " ").trim()).join(" ");
}

/** The plan's lines for a look-up by the upper() index of one id column, with its condition (whitespace folded). */
const lookup = (table: string, column: string, cond: string) => `Bitmap Index Scan on ${table}_${column}_upper Index Cond: ${cond}`;

describe("orderNo and tradeNo in any case", () => {
  it("support finds a lower-case orderNo or tradeNo exactly (named in `exact`) and by prefix, and a digits-only tradeNo prefix", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const out = await createPayout(tx, { merchantId: m.id, orderNo: "ZQCASE0001", tradeNo: "12261206ab34cd56ef" });
      const pin = await createPayin(tx, { merchantId: m.id, orderNo: "zqcase0002", tradeNo: "TRZQCASE0002" });
      const u = await scoped(tx, m.id, "support");
      expect((await search(tx, u, { q: "zqcase0001" })).exact).toEqual({ type: "payout", id: out.id });
      expect((await search(tx, u, { q: "ZQCASE0002" })).exact).toEqual({ type: "payin", id: pin.id });
      expect(nos(await search(tx, u, { q: "zqcase" }))).toEqual([out.orderNo, pin.orderNo].sort());
      expect(nos(await search(tx, u, { q: "ZqCaSe" }))).toEqual([out.orderNo, pin.orderNo].sort());
      expect((await search(tx, u, { q: "12261206AB34CD56EF" })).exact).toEqual({ type: "payout", id: out.id });
      expect(nos(await search(tx, u, { q: "12261206AB" }))).toEqual([out.orderNo]);
      expect((await search(tx, u, { q: "trzqcase0002" })).exact).toEqual({ type: "payin", id: pin.id });
      expect(nos(await search(tx, u, { q: "trzq" }))).toEqual([pin.orderNo]);
      // Digits only and longer than 4: still an id prefix (only the account match is held back).
      expect(nos(await search(tx, u, { q: "12261206" }))).toEqual([out.orderNo]);
    });
  });

  it("the pay-out and pay-in lists' q finds an orderNo or tradeNo typed in another case", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const out = await createPayout(tx, { merchantId: m.id, orderNo: "ZQLIST0001", tradeNo: "12261206ab34cd56ff" });
      const pin = await createPayin(tx, { merchantId: m.id, orderNo: "zqlist0002", tradeNo: "TRZQLIST0002" });
      const ctx = ctxFor(tx, await scoped(tx, m.id, "finance"));
      const outs = async (q: string) => (await listOrders({ ctx, kind: "payout", input: listPayoutsSchema.parse({ q }) })).items.map((i) => i.id);
      const ins = async (q: string) => (await listOrders({ ctx, kind: "payin", input: listPayinsSchema.parse({ q }) })).items.map((i) => i.id);
      expect(await outs("zqlist0001")).toEqual([out.id]);
      expect(await outs("12261206AB34CD56FF")).toEqual([out.id]);
      expect(await ins("ZQLIST0002")).toEqual([pin.id]);
      expect(await ins("trzqlist0002")).toEqual([pin.id]);
    });
  });

  it("exact and prefix look-ups of either id read an index of upper(id), never the whole table", async () => {
    await withRollback(async (tx) => {
      // Tiny test tables would be read whole anyway: forbid that, so a plan without a usable index shows as Seq Scan.
      await tx.execute(sql`set local enable_seqscan = off`);
      for (const [table, name] of [[payouts, "payouts"], [payins, "payins"]] as const) {
        const prefix = await explain(tx, table, textWhere(table, "zqcase", null));
        expect(prefix).toContain(lookup(name, "order_no", "((upper(order_no) ~>=~ 'ZQCASE'::text)"));
        expect(prefix).toContain(lookup(name, "trade_no", "((upper(trade_no) ~>=~ 'ZQCASE'::text)"));
        expect(prefix).not.toContain("Seq Scan");
      }
      const exactOut = await explain(tx, payouts, filterWhere(kindOf("payout"), listPayoutsSchema.parse({ q: "zqcase0001" }), null));
      const exactIn = await explain(tx, payins, filterWhere(kindOf("payin"), listPayinsSchema.parse({ q: "zqcase0001" }), null));
      for (const [plan, name] of [[exactOut, "payouts"], [exactIn, "payins"]] as const) {
        expect(plan).toContain(lookup(name, "order_no", "(upper(order_no) = 'ZQCASE0001'::text)"));
        expect(plan).toContain(lookup(name, "trade_no", "(upper(trade_no) = 'ZQCASE0001'::text)"));
        expect(plan).not.toContain("Seq Scan");
      }
    });
  });
});
