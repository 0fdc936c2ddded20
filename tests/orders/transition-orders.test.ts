import { inArray } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { auditLog, orderEvents, payouts } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { ORDER_STATUS_CHANNEL, transitionOrder, transitionOrders } from "@/lib/orders/transition-order";
import { testDb } from "../helpers/db";
import { createPayout } from "../helpers/factories";

const db = () => testDb();
const eventsOf = (ids: number[]) => db().select().from(orderEvents).where(inArray(orderEvents.payoutId, ids)).orderBy(orderEvents.id);
const auditsOf = (ids: number[]) => db().select().from(auditLog).where(inArray(auditLog.targetId, ids.map(String)));
const rowsOf = async (ids: number[]) => new Map((await db().select().from(payouts).where(inArray(payouts.id, ids))).map((r) => [r.id, r]));

describe("transitionOrders (the batch form)", () => {
  it("applies the allowed rows with one event, one audit row and one notification each; refused rows stay untouched", async () => {
    const listener = postgres(inject("databaseUrl"), { max: 1, onnotice: () => undefined });
    const got: string[] = [];
    await listener.listen(ORDER_STATUS_CHANNEL, (p) => got.push(p));
    try {
      const a = await createPayout(db(), { status: "SENDING" });
      const b = await createPayout(db(), { status: "SENDING" });
      const c = await createPayout(db(), { status: "SENDING" });
      const done = await createPayout(db(), { status: "APPROVED" }); // SENDING → PROCESSING is not allowed from here
      const sentAt = new Date("2026-01-02T03:04:05.000Z");
      const ctx = systemCtx(db(), "dispatcher");
      const r = await transitionOrders(ctx, "payout", [
        { id: a.id, to: "PROCESSING", from: ["SENDING"], source: "response", set: { tradeNo: "T-A", gatewayCode: "00", sentAt }, gatewayCode: "00", note: "accepted", rawPayload: "{a}" },
        { id: done.id, to: "PROCESSING", from: ["SENDING"], source: "response", set: { tradeNo: "T-X" } },
        { id: b.id, to: "NOT_ACCEPTED", from: ["SENDING"], source: "response", set: { gatewayCode: "E1", gatewayMessage: "refused", sentAt } },
        { id: 987654320, to: "PROCESSING", source: "response" },
        { id: c.id, to: "UNKNOWN", from: ["SENDING"], source: "response", set: { sentAt } },
      ]);
      expect(r).toEqual([
        { applied: true, from: "SENDING", to: "PROCESSING", merchantId: a.merchantId },
        { applied: false, current: "APPROVED", reason: "not_allowed" },
        { applied: true, from: "SENDING", to: "NOT_ACCEPTED", merchantId: b.merchantId },
        { applied: false, current: null, reason: "not_found" },
        { applied: true, from: "SENDING", to: "UNKNOWN", merchantId: c.merchantId },
      ]);
      const rows = await rowsOf([a.id, b.id, c.id, done.id]);
      expect(rows.get(a.id)).toMatchObject({ status: "PROCESSING", tradeNo: "T-A", gatewayCode: "00", sentAt, version: 1, finalAt: null });
      expect(rows.get(b.id)).toMatchObject({ status: "NOT_ACCEPTED", gatewayCode: "E1", gatewayMessage: "refused", tradeNo: null, version: 1 });
      expect(rows.get(b.id)?.finalAt).toBeInstanceOf(Date); // a final status stamps final_at
      expect(rows.get(c.id)).toMatchObject({ status: "UNKNOWN", sentAt, finalAt: null });
      expect(rows.get(done.id)).toMatchObject({ status: "APPROVED", tradeNo: null, version: done.version, updatedAt: done.updatedAt });

      const events = await eventsOf([a.id, b.id, c.id, done.id]);
      expect(events).toHaveLength(3);
      expect(events.find((e) => e.payoutId === a.id)).toMatchObject({ fromStatus: "SENDING", toStatus: "PROCESSING", source: "response", actorName: "dispatcher", gatewayCode: "00", note: "accepted", rawPayload: "{a}" });
      expect(events.some((e) => e.payoutId === done.id)).toBe(false);
      const audits = (await auditsOf([a.id, b.id, c.id, done.id])).filter((x) => x.action === "payout.status_changed");
      expect(audits.map((x) => Number(x.targetId)).sort()).toEqual([a.id, b.id, c.id].sort());
      expect(audits.find((x) => Number(x.targetId) === b.id)).toMatchObject({ actorKind: "system", actorName: "dispatcher", before: { status: "SENDING" }, after: { status: "NOT_ACCEPTED", source: "response" } });

      for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((res) => setTimeout(res, 20));
      const notes = got.map((g) => JSON.parse(g) as { id: number; eventId: number; from: string; to: string });
      for (const p of [a, b, c]) expect(notes.filter((n) => n.id === p.id)).toHaveLength(1);
      // Each notify names its own order_events row (the live stream's resume id).
      for (const p of [a, b, c]) expect(notes.find((n) => n.id === p.id)?.eventId).toBe(events.find((e) => e.payoutId === p.id)?.id);
      expect(notes.some((n) => n.id === done.id)).toBe(false);
    } finally {
      await listener.end({ timeout: 5 });
    }
  });

  it("writes nothing when every row is refused, and never moves a final status", async () => {
    const fin = await createPayout(db(), { status: "APPROVED" });
    await transitionOrder(systemCtx(db(), "dispatcher"), { type: "payout", id: fin.id, to: "CANCELLED", source: "system" });
    const r = await transitionOrders(systemCtx(db(), "dispatcher"), "payout", [{ id: fin.id, to: "SENDING", source: "system" }]);
    expect(r).toEqual([{ applied: false, current: "CANCELLED", reason: "not_allowed" }]);
    expect((await eventsOf([fin.id])).map((e) => e.toStatus)).toEqual(["CANCELLED"]);
  });

  it("refuses a batch naming one order twice", async () => {
    const p = await createPayout(db(), { status: "APPROVED" });
    await expect(
      transitionOrders(systemCtx(db(), "dispatcher"), "payout", [
        { id: p.id, to: "SENDING", source: "system" },
        { id: p.id, to: "CANCELLED", source: "system" },
      ]),
    ).rejects.toThrow(/twice/);
    expect(await eventsOf([p.id])).toEqual([]);
  });

  it("applies each row exactly once when overlapping batches and single transitions race (and does not deadlock)", async () => {
    const ps = await Promise.all(Array.from({ length: 12 }, () => createPayout(db(), { status: "APPROVED" })));
    const ids = ps.map((p) => p.id);
    const ctx = systemCtx(db(), "dispatcher");
    const shuffled = (xs: number[]) => [...xs].sort(() => Math.random() - 0.5);
    const batches = Array.from({ length: 6 }, () =>
      transitionOrders(ctx, "payout", shuffled(ids).map((id) => ({ id, to: "SENDING" as const, from: ["APPROVED" as const], source: "system" as const }))),
    );
    const singles = ids.slice(0, 4).map((id) => transitionOrder(ctx, { type: "payout", id, to: "SENDING", from: ["APPROVED"], source: "system" }));
    const results = await Promise.all([...batches, ...singles.map(async (s) => [await s])]);
    const appliedCount = new Map<number, number>();
    for (const batch of results) for (const r of batch) if (r.applied) appliedCount.set(0, (appliedCount.get(0) ?? 0) + 1);
    expect(appliedCount.get(0)).toBe(ids.length);
    const events = await eventsOf(ids);
    expect(events).toHaveLength(ids.length);
    for (const id of ids) expect(events.filter((e) => e.payoutId === id)).toHaveLength(1);
    const audits = (await auditsOf(ids)).filter((x) => x.action === "payout.status_changed");
    expect(audits).toHaveLength(ids.length);
    const rows = await rowsOf(ids);
    for (const id of ids) expect(rows.get(id)).toMatchObject({ status: "SENDING", version: 1 });
  });
});
