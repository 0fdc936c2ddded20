import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, orderEvents } from "@/db/schema";
import { pgErrorCode } from "@/lib/db-errors";
import { testDb, withRollback } from "../helpers/db";
import { createMerchant, createPayin, createPayout } from "../helpers/factories";

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return pgErrorCode(e);
  }
}

describe("migrations from empty", () => {
  it("created every table, the unique constraints and the lookup indexes", async () => {
    const db = testDb();
    const tables = await db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        "merchants", "merchant_accounts", "sub_merchants", "users", "user_merchants", "sessions", "auth_rate_limits",
        "payouts", "payout_batches", "payins", "order_events", "callbacks", "audit_log",
      ]),
    );
    const idx = await db.execute<{ indexname: string }>(sql`select indexname from pg_indexes where schemaname = 'public'`);
    expect(idx.map((i) => i.indexname)).toEqual(
      expect.arrayContaining([
        "payouts_merchant_order_no", "payouts_trade_no_unique", "payouts_order_no", "payouts_status_created",
        "payins_merchant_order_no", "payins_trade_no_unique", "payins_order_no", "payins_status_created",
        "callbacks_trade_no", "audit_log_created", "audit_log_actor", "audit_log_target",
      ]),
    );
    const applied = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(applied[0]?.n).toBeGreaterThanOrEqual(2);
  });
});

describe("the database refuses what must not exist", () => {
  it("a repeated (merchant, orderNo) on payouts, and the same orderNo is fine for another merchant", () =>
    withRollback(async (tx) => {
      const p = await createPayout(tx);
      expect(await codeOf(tx.transaction((t) => createPayout(t, { merchantId: p.merchantId, orderNo: p.orderNo })))).toBe("23505");
      const other = await createMerchant(tx);
      const q = await createPayout(tx, { merchantId: other.id, orderNo: p.orderNo });
      expect(q.orderNo).toBe(p.orderNo);
    }));

  it("a repeated tradeNo on payouts and on pay-ins", () =>
    withRollback(async (tx) => {
      await createPayout(tx, { tradeNo: "1022000109e998347483949" });
      expect(await codeOf(tx.transaction((t) => createPayout(t, { tradeNo: "1022000109e998347483949" })))).toBe("23505");
      await createPayin(tx, { tradeNo: "1112001125042408363186433" });
      expect(await codeOf(tx.transaction((t) => createPayin(t, { tradeNo: "1112001125042408363186433" })))).toBe("23505");
    }));

  it("a repeated (merchant, orderNo) on pay-ins", () =>
    withRollback(async (tx) => {
      const p = await createPayin(tx);
      expect(await codeOf(tx.transaction((t) => createPayin(t, { merchantId: p.merchantId, orderNo: p.orderNo })))).toBe("23505");
    }));

  it.each([
    ["zero amount", { amountMinor: 0n }],
    ["negative amount", { amountMinor: -100n }],
    ["orderNo with a dash", { orderNo: "TH-2026-0001" }],
    ["orderNo too short", { orderNo: "AB12" }],
    ["orderNo too long", { orderNo: "A".repeat(33) }],
  ])("a payout with %s (check constraint)", (_label, overrides) =>
    withRollback(async (tx) => {
      expect(await codeOf(tx.transaction((t) => createPayout(t, overrides)))).toBe("23514");
    }));

  it("an order event that names no order, or both kinds", () =>
    withRollback(async (tx) => {
      const p = await createPayout(tx);
      const i = await createPayin(tx, { merchantId: p.merchantId });
      const bad = [
        { orderType: "payout" as const, toStatus: "SENDING", source: "system" as const },
        { orderType: "payout" as const, payoutId: p.id, payinId: i.id, toStatus: "SENDING", source: "system" as const },
        { orderType: "payin" as const, payoutId: p.id, toStatus: "SENDING", source: "system" as const },
      ];
      for (const row of bad) expect(await codeOf(tx.transaction((t) => t.insert(orderEvents).values(row)))).toBe("23514");
      await tx.insert(orderEvents).values({ orderType: "payout", payoutId: p.id, toStatus: "SENDING", source: "system" });
    }));

  it("any UPDATE or DELETE of the audit log", () =>
    withRollback(async (tx) => {
      const [row] = await tx.insert(auditLog).values({ action: "test.row", targetType: "test" }).returning();
      expect(row).toBeDefined();
      expect(await codeOf(tx.transaction((t) => t.execute(sql`update audit_log set action = 'x' where id = ${row?.id}`)))).toBe("42501");
      expect(await codeOf(tx.transaction((t) => t.execute(sql`delete from audit_log where id = ${row?.id}`)))).toBe("42501");
    }));
});
