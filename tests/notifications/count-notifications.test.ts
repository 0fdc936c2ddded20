import { describe, expect, it } from "vitest";
import { payoutBatches, pendingChanges, userMerchants } from "@/db/schema";
import { countNotifications } from "@/lib/notifications/count-notifications";
import type { Role } from "@/lib/auth/permissions";
import { ctxFor } from "../helpers/ctx";
import { testDb } from "../helpers/db";
import { createMerchant, createPayin, createPayout, createUser } from "../helpers/factories";

async function userOf(role: Role, merchantId: number) {
  const db = testDb();
  const u = await createUser(db, { role });
  await db.insert(userMerchants).values({ userId: u.id, merchantId });
  return u;
}

const counts = async (u: Awaited<ReturnType<typeof createUser>>) => {
  const r = await countNotifications({ ctx: ctxFor(testDb(), u) });
  return { total: r.total, ...Object.fromEntries(r.items.map((i) => [i.kind, i.count])) };
};

describe("the header's notification counts, per role", () => {
  it("an approver counts pay-outs and runs others created (never their own), their own failed pay-outs and flagged orders, of their merchants only", async () => {
    const db = testDb();
    const m = await createMerchant(db);
    const other = await createMerchant(db);
    const approver = await userOf("approver", m.id);
    const finance = await userOf("finance", m.id);
    // Waiting for approval: two by finance, one by the approver (not theirs to approve), one of another merchant.
    await createPayout(db, { merchantId: m.id, status: "PENDING_APPROVAL", createdBy: finance.id });
    await createPayout(db, { merchantId: m.id, status: "PENDING_APPROVAL", createdBy: finance.id });
    await createPayout(db, { merchantId: m.id, status: "PENDING_APPROVAL", createdBy: approver.id });
    await createPayout(db, { merchantId: other.id, status: "PENDING_APPROVAL", createdBy: finance.id });
    await db.insert(payoutBatches).values([
      { merchantId: m.id, fileName: "a.csv", sha256: "a", rowCount: 2, validCount: 2, status: "PENDING_APPROVAL", createdBy: finance.id },
      { merchantId: m.id, fileName: "b.csv", sha256: "b", rowCount: 2, validCount: 2, status: "PENDING_APPROVAL", createdBy: approver.id },
    ]);
    // Failed: the approver's own (this week), finance's, and an old one of the approver's.
    await createPayout(db, { merchantId: m.id, status: "FAILED", createdBy: approver.id, finalAt: new Date() });
    await createPayout(db, { merchantId: m.id, status: "FAILED", createdBy: finance.id, finalAt: new Date() });
    await createPayout(db, { merchantId: m.id, status: "FAILED", createdBy: approver.id, finalAt: new Date(Date.now() - 8 * 86_400_000) });
    // Flagged: a pay-out and a pay-in of the merchant, and one of another merchant.
    await createPayout(db, { merchantId: m.id, status: "PROCESSING", flaggedAt: new Date(), flagReason: "disagree" });
    await createPayin(db, { merchantId: m.id, status: "PROCESSING", flaggedAt: new Date(), flagReason: "disagree" });
    await createPayout(db, { merchantId: other.id, status: "PROCESSING", flaggedAt: new Date(), flagReason: "disagree" });

    expect(await counts(approver)).toEqual({ total: 6, approvals: 2, run_approvals: 1, failed_payouts: 1, flagged: 2 });
    // Finance approves nothing: their failed pay-out and the flagged orders.
    expect(await counts(finance)).toEqual({ total: 3, failed_payouts: 1, flagged: 2 });
    // Support: flagged orders only.
    expect(await counts(await userOf("support", m.id))).toEqual({ total: 2, flagged: 2 });
    // The links open the page where each is handled.
    const items = (await countNotifications({ ctx: ctxFor(db, approver) })).items;
    expect(Object.fromEntries(items.map((i) => [i.kind, i.href]))).toMatchObject({
      approvals: "/approvals",
      run_approvals: "/approvals",
      flagged: "/#needs-a-person",
      failed_payouts: expect.stringMatching(new RegExp(`^/payouts\\?status=FAILED&createdBy=${approver.id}&from=\\d{4}-\\d{2}-\\d{2}$`)),
    });
  });

  it("an admin counts the pending changes another admin asked for, not their own", async () => {
    const db = testDb();
    const me = await createUser(db, { role: "admin" });
    const other = await createUser(db, { role: "admin" });
    const before = (await countNotifications({ ctx: ctxFor(db, me) })).items.find((i) => i.kind === "pending_changes")?.count ?? 0;
    const change = (requestedBy: number) => ({
      kind: "approval_thresholds",
      targetType: "merchant",
      targetId: 1,
      summary: "Raise a threshold",
      payload: {},
      targetHash: "x",
      requestedBy,
    });
    await db.insert(pendingChanges).values([change(other.id), change(other.id), change(me.id)]);
    const after = await countNotifications({ ctx: ctxFor(db, me) });
    expect(after.items.find((i) => i.kind === "pending_changes")).toMatchObject({ count: before + 2, href: "/changes" });
    // An admin sees no order counts (no merchant data).
    expect(after.items.map((i) => i.kind)).toEqual(["pending_changes"]);
  });
});
