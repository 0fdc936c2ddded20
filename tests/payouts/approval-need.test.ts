import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orderEvents, payouts } from "@/db/schema";
import { approvePayout } from "@/lib/payouts/approve-payout";
import { approvalNeed } from "@/lib/payouts/approval-need";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { testDb } from "../helpers/db";
import { gatewayCredential, gatewayOrders, key, person, sandboxForFile, thai } from "./helpers";

let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile(); // THB threshold 50,000.00
beforeAll(() => {
  ({ cred, finance } = sb);
});

let n = 0;
/** A Thai bank account no other test uses (10 digits). */
const freshAccount = () => `55${String(Date.now() % 1e6).padStart(6, "0")}${String(++n).padStart(2, "0")}`;
const create = (account: string, amount: string) =>
  createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, account, amount })), idempotencyKey: key() });

describe("splitting: the beneficiary's last 24 hours count against the threshold", () => {
  it("four THB 49,999 to one account: the first is sent, the 2nd, 3rd and 4th wait for approval, with the reason", async () => {
    const account = freshAccount();
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await create(account, "49,999")).payout.status);
    expect(statuses).toEqual(["APPROVED", "PENDING_APPROVAL", "PENDING_APPROVAL", "PENDING_APPROVAL"]);
    const need = await approvalNeed(testDb(), { credentialId: cred.m.id, currency: "THB", beneficiaryKey: `KBANK:${account}`, amountMinor: 100n });
    expect(need).toMatchObject({ required: true, threshold: 50_000_00n, recentTotalMinor: 4n * 49_999_00n });
    expect(need.reason).toContain("199,996.00 THB");
    // Another account is not affected; the creation event says why the second one waits.
    expect((await create(freshAccount(), "49,999")).payout.status).toBe("APPROVED");
  });

  it("four concurrent THB 49,999 to one account: exactly one is sent without approval (decisions serialized per beneficiary)", async () => {
    const account = freshAccount();
    const results = await Promise.all([1, 2, 3, 4].map(() => create(account, "49,999")));
    expect(results.map((r) => r.payout.status).sort()).toEqual(["APPROVED", "PENDING_APPROVAL", "PENDING_APPROVAL", "PENDING_APPROVAL"]);
    const waiting = results.find((r) => r.payout.status === "PENDING_APPROVAL");
    const [ev] = await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, waiting?.payout.id ?? 0));
    expect(ev?.note).toMatch(/already has (49,999|99,998|149,997)\.00 THB in pay-outs from this credential in the last 24 hours/);
  });

  it("rejected, cancelled, failed and refused pay-outs, and those older than 24 hours, do not count", async () => {
    for (const status of ["REJECTED", "CANCELLED", "FAILED", "NOT_ACCEPTED"] as const) {
      const account = freshAccount();
      const first = await create(account, "49,999");
      await testDb().update(payouts).set({ status }).where(eq(payouts.id, first.payout.id));
      expect((await approvalNeed(testDb(), { credentialId: cred.m.id, currency: "THB", beneficiaryKey: `KBANK:${account}`, amountMinor: 49_999_00n })).required).toBe(false);
    }
    const account = freshAccount();
    const first = await create(account, "49,999");
    await testDb()
      .update(payouts)
      .set({ createdAt: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(payouts.id, first.payout.id));
    expect((await create(account, "49,999")).payout.status).toBe("APPROVED");
  });
});

describe("dispatch recomputes the content hash from the row", () => {
  it("an account edited in the database after approval: CANCELLED with the reason, the gateway never sees it", async () => {
    const { payout } = await create(freshAccount(), "60,000");
    const approver = await person("approver");
    await approvePayout({ ctx: approver.ctx, id: payout.id, input: { code: approver.code(), contentHash: payout.contentHash } });
    await testDb().update(payouts).set({ cashAccount: "9999999999" }).where(eq(payouts.id, payout.id));
    expect(await dispatchPayout(testDb(), payout.id)).toMatchObject({ kind: "cancelled", reason: expect.stringMatching(/changed after it was created or approved/) });
    expect(await gatewayOrders(payout.orderNo)).toBe(0);
    const [row] = await testDb().select({ status: payouts.status }).from(payouts).where(eq(payouts.id, payout.id));
    expect(row?.status).toBe("CANCELLED");
    const [ev] = await testDb()
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.payoutId, payout.id), eq(orderEvents.toStatus, "CANCELLED")));
    expect(ev).toMatchObject({ source: "system", note: expect.stringMatching(/^not sent: .*changed/) });
  });

  it("an auto-approved pay-out whose amount is edited before dispatch is cancelled too", async () => {
    const { payout } = await create(freshAccount(), "100");
    await testDb().update(payouts).set({ amountMinor: 1_999_999_00n }).where(eq(payouts.id, payout.id));
    expect(await dispatchPayout(testDb(), payout.id)).toMatchObject({ kind: "cancelled" });
    expect(await gatewayOrders(payout.orderNo)).toBe(0);
  });

  it("an untouched pay-out is sent", async () => {
    const { payout } = await create(freshAccount(), "100");
    expect(await dispatchPayout(testDb(), payout.id)).toMatchObject({ kind: "sent" });
    expect(await gatewayOrders(payout.orderNo)).toBe(1);
  });
});
