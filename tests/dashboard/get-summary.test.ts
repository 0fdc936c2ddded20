import { describe, expect, it } from "vitest";
import { getDashboardSummary, regionDayStart } from "@/lib/dashboard/get-summary";
import { ctxFor } from "../helpers/ctx";
import { testDb } from "../helpers/db";
import { payoutBatches } from "@/db/schema";
import { createMerchant, createPayout, createUser } from "../helpers/factories";

const db = () => testDb();

describe("the overview's numbers", () => {
  it("today is the region's own day: Bangkok midnight is 17:00 UTC the day before", () => {
    expect(regionDayStart(new Date("2026-03-10T16:59:00Z"), 420).toISOString()).toBe("2026-03-09T17:00:00.000Z");
    expect(regionDayStart(new Date("2026-03-10T17:00:00Z"), 420).toISOString()).toBe("2026-03-10T17:00:00.000Z");
    expect(regionDayStart(new Date("2026-03-10T02:00:00Z"), -180).toISOString()).toBe("2026-03-09T03:00:00.000Z");
  });

  it("counts today's orders per region and status, the last 24 h of final ones per hour, and what needs a person, only for the user's merchants", async () => {
    const now = new Date();
    const [mine, other] = [await createMerchant(db()), await createMerchant(db())];
    const u = await createUser(db(), { role: "finance" });
    await db().execute(`insert into user_merchants (user_id, merchant_id) values (${u.id}, ${mine.id})` as never);
    const bkkStart = regionDayStart(now, 420);
    const todayAt = new Date(Math.max(bkkStart.getTime() + 1_000, now.getTime() - 60_000));
    const yesterday = new Date(bkkStart.getTime() - 60_000);
    // Whole baht, as every stored THB pay-out is (the wire carries whole baht; other tests export these rows).
    await createPayout(db(), { merchantId: mine.id, status: "PENDING_APPROVAL", amountMinor: 10_000n, createdAt: todayAt });
    await createPayout(db(), { merchantId: mine.id, status: "PENDING_APPROVAL", amountMinor: 25_000n, createdAt: todayAt });
    await createPayout(db(), { merchantId: mine.id, status: "SUCCESS", amountMinor: 100_000n, createdAt: todayAt, finalAt: new Date(now.getTime() - 2 * 3_600_000) });
    await createPayout(db(), { merchantId: mine.id, status: "UNKNOWN", createdAt: yesterday });
    await createPayout(db(), { merchantId: mine.id, status: "PROCESSING", createdAt: yesterday, flaggedAt: now, flagReason: "conflicting callback" });
    await createPayout(db(), { merchantId: other.id, status: "PENDING_APPROVAL", createdAt: todayAt });
    await createPayout(db(), { merchantId: other.id, status: "SUCCESS", createdAt: todayAt, finalAt: now });

    const s = await getDashboardSummary({ ctx: ctxFor(db(), u), now });
    const th = s.regions.find((r) => r.region === "TH");
    expect(th?.dayStart).toBe(bkkStart.toISOString());
    expect(th?.rows).toEqual([
      { type: "payout", region: "TH", status: "PENDING_APPROVAL", count: 2, volumeMinor: "35000", volumeDisplay: "350.00 THB" },
      { type: "payout", region: "TH", status: "SUCCESS", count: 1, volumeMinor: "100000", volumeDisplay: "1,000.00 THB" },
    ]);
    expect(s.chart.reduce((n, c) => n + c.count, 0)).toBe(1);
    expect(s.needs.pendingApproval.total).toBe(2);
    expect(s.needs.pendingApproval.items.every((i) => i.href.startsWith("/payouts/"))).toBe(true);
    expect(s.needs.unknown.total).toBe(1);
    expect(s.needs.flagged.items.map((i) => i.reason)).toEqual(["conflicting callback"]);
    expect(s.latest).toEqual([]); // factory rows have no events
  });

  it("a run waiting for approval is one item that opens the run, never its rows one by one", async () => {
    const m = await createMerchant(db());
    const u = await createUser(db(), { role: "finance" });
    await db().execute(`insert into user_merchants (user_id, merchant_id) values (${u.id}, ${m.id})` as never);
    const [run] = await db()
      .insert(payoutBatches)
      .values({ merchantId: m.id, fileName: "march-payroll.csv", sha256: "x".repeat(64), rowCount: 3, validCount: 3, status: "PENDING_APPROVAL", createdBy: u.id })
      .returning();
    if (!run) throw new Error("no run");
    for (let i = 0; i < 3; i++) await createPayout(db(), { merchantId: m.id, status: "PENDING_APPROVAL", batchId: run.id });
    const single = await createPayout(db(), { merchantId: m.id, status: "PENDING_APPROVAL" });

    const s = await getDashboardSummary({ ctx: ctxFor(db(), u), now: new Date() });
    expect(s.needs.pendingApproval.total).toBe(2);
    expect(s.needs.pendingApproval.items.map((i) => i.href).sort()).toEqual([`/payouts/${single.id}`, `/payouts/runs/${run.id}`]);
    const item = s.needs.pendingApproval.items.find((i) => i.href === `/payouts/runs/${run.id}`);
    expect(item).toMatchObject({ orderNo: `Run ${run.id}: march-payroll.csv`, amountDisplay: "3 rows" });
  });
});
