import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/sessions";
import { approvalThresholds, auditLog, pendingChanges, users } from "@/db/schema";
import { approveChange } from "@/lib/approvals/decide-change";
import { stopQueue } from "@/lib/jobs/queue";
import { getApprovalThresholds, setApprovalThresholds } from "@/lib/merchants/approval-thresholds";
import { setApprovalThresholdsSchema } from "@/lib/merchants/schemas";
import { createPayout } from "@/lib/payouts/create-payout";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { AppError } from "@/lib/errors";
import { testDb } from "../helpers/db";
import { createMerchant, createUser } from "../helpers/factories";
import { ctxFor } from "../helpers/ctx";
import { ensureQueues, key, person, thai } from "../payouts/helpers";

// The route handlers as Next runs them, with the session lookup replaced by "this user is signed in".
const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn.user }));
const route = await import("@/app/api/merchants/[id]/approval-thresholds/route");
const put = (id: number, body: unknown) =>
  route.PUT(
    new Request(`http://app.test/api/merchants/${id}/approval-thresholds`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve({ id: String(id) }) },
  );

let admin: Awaited<ReturnType<typeof person>>;
let finance: Awaited<ReturnType<typeof person>>;
let checker: Awaited<ReturnType<typeof person>>;

beforeAll(async () => {
  await ensureQueues(); // an APPROVED pay-out enqueues its dispatch job in the same transaction
  admin = await person("admin");
  finance = await person("finance");
  checker = await person("admin");
});
afterAll(async () => {
  await stopQueue();
});

const set = (id: number, body: unknown) => setApprovalThresholds({ ctx: admin.ctx, id, input: setApprovalThresholdsSchema.parse(body) });
/** Loosening waits for a second admin (tests/pending-changes): the checker approves it with a code not used yet. */
async function approvedBy2nd(pendingId: number | undefined) {
  if (!pendingId) throw new Error("expected a pending change");
  await testDb().update(users).set({ totpLastStep: null }).where(eq(users.id, checker.user.id));
  await approveChange({ ctx: checker.ctx, id: pendingId, input: { code: checker.code() } });
  return getApprovalThresholds({ ctx: admin.ctx, id: (await testDb().select().from(pendingChanges).where(eq(pendingChanges.id, pendingId)))[0]?.targetId ?? 0 });
}
const setApproved = async (id: number, body: unknown) => approvedBy2nd((await set(id, body)).pendingChange?.id);
const rowsOf = (merchantId: number) =>
  testDb().select({ currency: approvalThresholds.currency, min: approvalThresholds.minAmountMinor }).from(approvalThresholds).where(eq(approvalThresholds.merchantId, merchantId));
const auditsOf = (merchantId: number) =>
  testDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "credential.approval_thresholds_changed"), eq(auditLog.targetId, String(merchantId))))
    .orderBy(desc(auditLog.id));
let accountNo = 4_400_000_000;
// Each to its own account: pay-outs to one account within 24 hours count together against the threshold.
const payTh = (merchantId: number, amount: string) =>
  createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: merchantId, amount, account: String(++accountNo) })), idempotencyKey: key() });

describe("approval thresholds", () => {
  it("a new credential has none: every currency reads 'no threshold'", async () => {
    const m = await createMerchant(testDb());
    const view = await getApprovalThresholds({ ctx: admin.ctx, id: m.id });
    expect(view.thresholds.map((t) => t.currency)).toEqual(["THB", "PHP", "BRL", "USDT"]);
    expect(view.thresholds.every((t) => t.minAmountMinor === null && t.display === null)).toBe(true);
  });

  it("set, read back, audit; create-payout follows it; removing it makes every amount wait for approval", async () => {
    const m = await createMerchant(testDb());
    const saved = await setApproved(m.id, { THB: "50,000", USDT: "1000.5" });
    expect(saved.thresholds).toEqual([
      { currency: "THB", minAmountMinor: "5000000", display: "50,000.00 THB" },
      { currency: "PHP", minAmountMinor: null, display: null },
      { currency: "BRL", minAmountMinor: null, display: null },
      { currency: "USDT", minAmountMinor: "10005000", display: "1,000.50 USDT" },
    ]);
    expect(await getApprovalThresholds({ ctx: admin.ctx, id: m.id })).toEqual(saved);
    const [audit] = await auditsOf(m.id);
    // Applied by the second admin's approval: that admin is the actor (the request has its own audit row).
    expect(audit).toMatchObject({
      actorUserId: checker.user.id,
      targetType: "merchant",
      before: { THB: null, PHP: null, BRL: null, USDT: null },
      after: { THB: "5000000", PHP: null, BRL: null, USDT: "10005000" },
    });

    expect((await payTh(m.id, "49,999")).payout).toMatchObject({ status: "APPROVED", approvalRequired: false });
    expect((await payTh(m.id, "50,000")).payout).toMatchObject({ status: "PENDING_APPROVAL", approvalRequired: true });

    // Raise it, then remove it: a currency left out of the body stays as it was.
    await setApproved(m.id, { THB: "100000" });
    expect((await payTh(m.id, "99,999")).payout.status).toBe("APPROVED");
    const removed = await set(m.id, { THB: "" });
    expect(removed.thresholds[0]).toEqual({ currency: "THB", minAmountMinor: null, display: null });
    expect(removed.thresholds[3]?.minAmountMinor).toBe("10005000");
    expect(await rowsOf(m.id)).toEqual([{ currency: "USDT", min: 10005000n }]);
    expect((await payTh(m.id, "100")).payout).toMatchObject({ status: "PENDING_APPROVAL", approvalRequired: true });

    const audits = await auditsOf(m.id);
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ before: { THB: "10000000", USDT: "10005000" }, after: { THB: null, USDT: "10005000" } });
  });

  it.each([
    [{ THB: "abc" }, "THB", /digits/],
    [{ THB: "-5" }, "THB", /positive/],
    [{ THB: "1.5" }, "THB", /whole numbers/],
    [{ USDT: "1.12345" }, "USDT", /at most 4 decimal places/],
    [{ BRL: "0" }, "BRL", /greater than zero/],
  ])("PUT refuses %j with a field error and writes nothing (not even the valid PHP beside it)", async (body, field, message) => {
    const m = await createMerchant(testDb());
    await setApproved(m.id, { THB: "50000" });
    signedIn.user = admin.ctx.user;
    const res = await put(m.id, { PHP: "10", ...body });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(json.error.code).toBe("invalid_input");
    expect(Object.keys(json.error.fields)).toEqual([field]);
    expect(json.error.fields[field]).toMatch(message);
    expect(await rowsOf(m.id)).toEqual([{ currency: "THB", min: 5000000n }]);
    expect(await auditsOf(m.id)).toHaveLength(1);
  });

  it("PUT by an admin answers 202 for a loosening (applied when a second admin approves); a finance user gets 403", async () => {
    const m = await createMerchant(testDb());
    signedIn.user = admin.ctx.user;
    const ok = await put(m.id, { THB: "75,000", PHP: "" });
    expect(ok.status).toBe(202);
    const view = (await ok.json()) as { credentialId: number; thresholds: unknown[]; pendingChange: { id: number; message: string } };
    expect(view.credentialId).toBe(m.id);
    expect(view.thresholds[0]).toEqual({ currency: "THB", minAmountMinor: null, display: null });
    expect(view.pendingChange.message).toMatch(/only after another admin approves/);
    const approved = await approvedBy2nd(view.pendingChange.id);
    expect(approved.thresholds[0]).toEqual({ currency: "THB", minAmountMinor: "7500000", display: "75,000.00 THB" });
    expect((await put(m.id, { THB: "70,000" })).status).toBe(200);
    expect(await rowsOf(m.id)).toEqual([{ currency: "THB", min: 7000000n }]);
    signedIn.user = finance.ctx.user;
    expect((await put(m.id, { THB: "1" })).status).toBe(403);
    expect((await route.GET(new Request(`http://app.test/api/merchants/${m.id}/approval-thresholds`), { params: Promise.resolve({ id: String(m.id) }) })).status).toBe(403);
    expect(await rowsOf(m.id)).toEqual([{ currency: "THB", min: 7000000n }]);
  });

  it("refuses a currency no region has", () => {
    expect(setApprovalThresholdsSchema.safeParse({ EUR: "10" }).success).toBe(false);
  });

  it("a credential outside the person's scope is not found, and nothing is written", async () => {
    const m = await createMerchant(testDb());
    const scoped = ctxFor(testDb(), await createUser(testDb(), { role: "admin", allMerchants: false }));
    await expect(getApprovalThresholds({ ctx: scoped, id: m.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(
      setApprovalThresholds({ ctx: scoped, id: m.id, input: setApprovalThresholdsSchema.parse({ THB: "1" }) }),
    ).rejects.toBeInstanceOf(AppError);
    expect(await rowsOf(m.id)).toEqual([]);
    expect(await auditsOf(m.id)).toEqual([]);
  });
});
