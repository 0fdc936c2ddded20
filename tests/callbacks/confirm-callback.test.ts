import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, payouts } from "@/db/schema";
import { confirmCallback, type Inquire } from "@/lib/callbacks/confirm-callback";
import { stopQueue } from "@/lib/jobs/queue";
import { claimOne } from "@/lib/gateway-work/claim-due";
import { RECONCILE_CYCLE_S } from "@/lib/gateway-work/cycle";
import { closeDb, testDb } from "../helpers/db";
import { createMerchant, createPayout } from "../helpers/factories";
import { ensureQueues } from "../payouts/helpers";
import { PLATFORM_PUBLIC_DER, callbackRow, gatewaySays, ingest, payoutState, signedCallback, thaiBody, uid } from "./helpers";

beforeAll(() => ensureQueues());
afterAll(async () => {
  await stopQueue();
  await closeDb();
});

/** A PROCESSING pay-out of its own merchant and a verified callback for it, waiting for confirmation. */
async function waiting(status = "SUCCESS", amount = 1500) {
  const db = testDb();
  const m = await createMerchant(db, { platformPublicKey: PLATFORM_PUBLIC_DER });
  const p = await createPayout(db, { merchantId: m.id, status: "PROCESSING", tradeNo: `T${uid()}` });
  const r = await ingest(db, signedCallback(thaiBody({ orderNo: p.orderNo, tradeNo: p.tradeNo ?? "" }, status, amount)));
  expect(r.outcome).toBe(amount === 1500 ? "confirming" : "conflict");
  return { p, callbackId: r.callbackId ?? 0 };
}

const flagged = async (payoutId: number) => (await testDb().select().from(auditLog).where(eq(auditLog.targetId, String(payoutId)))).some((a) => a.action === "payout.flagged");

describe("a callback whose body is not the gateway's", () => {
  it("a signed SUCCESS for a pay-out the gateway says FAILED: the pay-out becomes FAILED and is flagged", async () => {
    const { p, callbackId } = await waiting("SUCCESS");
    const r = await confirmCallback(testDb(), callbackId, { inquire: gatewaySays("FAILED").inquire });
    expect(r).toMatchObject({ kind: "settled", outcome: "conflict", status: "FAILED" });
    const { row, events } = await payoutState(testDb(), p.id);
    expect(row).toMatchObject({ status: "FAILED", gatewayStatus: "FAILED" });
    expect(row?.flaggedAt).toBeInstanceOf(Date);
    expect(row?.flagReason).toMatch(/said SUCCESS .*inquiry-status says FAILED/);
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.source, e.callbackId])).toEqual([
      ["PROCESSING", "PROCESSING", "callback", callbackId],
      ["PROCESSING", "FAILED", "inquiry", callbackId],
    ]);
    expect(await callbackRow(testDb(), callbackId)).toMatchObject({ outcome: "conflict", reviewReason: expect.stringMatching(/said SUCCESS/) });
    expect(await flagged(p.id)).toBe(true);
  });

  it("the gateway's amount differs from the order's: nothing moves, flagged", async () => {
    const { p, callbackId } = await waiting();
    const r = await confirmCallback(testDb(), callbackId, { inquire: gatewaySays("SUCCESS", { currency: "THB", amount: 15 }).inquire });
    expect(r).toMatchObject({ kind: "settled", outcome: "conflict", status: "PROCESSING" });
    const { row } = await payoutState(testDb(), p.id);
    expect(row).toMatchObject({ status: "PROCESSING" });
    expect(row?.flagReason).toMatch(/inquiry-status has 15 THB/);
  });

  it("the gateway has no record of the order: nothing moves, flagged", async () => {
    const { p, callbackId } = await waiting();
    const inquire: Inquire = async () => ({ outcome: "rejected", code: "06", message: "Order not found", path: "", url: "", requestTimestamp: "", requestBody: "", httpStatus: 200, responseText: "{}", durationMs: 1 });
    expect(await confirmCallback(testDb(), callbackId, { inquire })).toMatchObject({ kind: "settled", outcome: "conflict" });
    const { row } = await payoutState(testDb(), p.id);
    expect(row?.status).toBe("PROCESSING");
    expect(row?.flagReason).toMatch(/no record of this order/);
  });
});

/** A cycle has passed since the order was last asked about (the job's retries back off past it). */
const cycleLater = (id: number) => testDb().update(payouts).set({ lastInquiryAt: sql`now() - make_interval(secs => ${RECONCILE_CYCLE_S})` }).where(eq(payouts.id, id));

describe("no final answer yet", () => {
  it("PROCESSING at the gateway, or no answer: retried; on the job's last attempt, flagged", async () => {
    const { p, callbackId } = await waiting();
    expect(await confirmCallback(testDb(), callbackId, { inquire: gatewaySays("PROCESSING").inquire })).toMatchObject({ kind: "retry" });
    await cycleLater(p.id);
    const down: Inquire = async () => ({ outcome: "unknown", reason: "timeout", detail: "timed out", path: "", url: "", requestTimestamp: "", requestBody: "", httpStatus: null, responseText: null, durationMs: 1 });
    expect(await confirmCallback(testDb(), callbackId, { inquire: down })).toMatchObject({ kind: "retry", reason: expect.stringMatching(/timed out/) });
    expect((await callbackRow(testDb(), callbackId))?.confirmedAt).toBeNull();
    await cycleLater(p.id);
    const last = await confirmCallback(testDb(), callbackId, { inquire: gatewaySays("PROCESSING").inquire, lastAttempt: true });
    expect(last).toMatchObject({ kind: "settled", outcome: "conflict" });
    const { row } = await payoutState(testDb(), p.id);
    expect(row?.status).toBe("PROCESSING");
    expect(row?.flagReason).toMatch(/still says PROCESSING after every retry/);
  });
});

describe("run twice at once (in-process and the job)", () => {
  it("settles once: one transition, one inquiry event, one outcome", async () => {
    for (let i = 0; i < 5; i++) {
      const { p, callbackId } = await waiting();
      const gw = gatewaySays("SUCCESS");
      const rs = await Promise.all([confirmCallback(testDb(), callbackId, { inquire: gw.inquire }), confirmCallback(testDb(), callbackId, { inquire: gw.inquire })]);
      // One asks and settles; the other finds it settled, or the ask claimed and waits for its retry, which then
      // finds it settled. The gateway is asked once.
      expect(rs.map((r) => r.kind).sort()).toEqual(expect.arrayContaining(["settled"]));
      expect(rs.filter((r) => r.kind === "settled")).toHaveLength(1);
      expect(gw.asked).toHaveLength(1);
      expect(await confirmCallback(testDb(), callbackId, { inquire: gw.inquire })).toMatchObject({ kind: "done" });
      const { row, events } = await payoutState(testDb(), p.id);
      expect(row?.status).toBe("SUCCESS");
      expect(row?.flaggedAt).toBeNull();
      expect(events.filter((e) => e.toStatus === "SUCCESS")).toHaveLength(1);
    }
  });
});

describe("once a cycle, a callback's confirmation included", () => {
  it("a callback right after the order's own ask does not ask again: it waits a cycle, then asks", async () => {
    const { p, callbackId } = await waiting();
    // The order's own inquiry (the sweep, or its inquiry job) claimed it a moment ago and is asking.
    expect(await claimOne(testDb(), "payout", p.id, "person")).toBe(true);
    const gw = gatewaySays("SUCCESS");
    expect(await confirmCallback(testDb(), callbackId, { inquire: gw.inquire })).toMatchObject({ kind: "retry", reason: expect.stringMatching(/less than a cycle ago/) });
    expect(gw.asked).toHaveLength(0);
    expect((await payoutState(testDb(), p.id)).row?.status).toBe("PROCESSING");
    await cycleLater(p.id);
    expect(await confirmCallback(testDb(), callbackId, { inquire: gw.inquire })).toMatchObject({ kind: "settled", outcome: "applied", status: "SUCCESS" });
    expect(gw.asked).toHaveLength(1);
  });

  it("when that ask made the order final, the callback is settled against it without asking: agreeing, or flagged", async () => {
    for (const [said, gatewayFinal, outcome] of [["SUCCESS", "SUCCESS", "duplicate"], ["SUCCESS", "FAILED", "conflict"]] as const) {
      const { p, callbackId } = await waiting(said);
      expect(await claimOne(testDb(), "payout", p.id, "person")).toBe(true);
      // The other ask's answer moved the order (source inquiry).
      await testDb().update(payouts).set({ status: gatewayFinal, finalAt: new Date() }).where(eq(payouts.id, p.id));
      const gw = gatewaySays(gatewayFinal);
      expect(await confirmCallback(testDb(), callbackId, { inquire: gw.inquire })).toMatchObject({ kind: "settled", outcome, status: gatewayFinal });
      expect(gw.asked).toHaveLength(0);
      const { row } = await payoutState(testDb(), p.id);
      expect(row?.status).toBe(gatewayFinal);
      expect(row?.flaggedAt != null).toBe(outcome === "conflict");
      if (outcome === "conflict") expect(row?.flagReason).toMatch(/said SUCCESS.*already FAILED \(the gateway's earlier answer/);
      expect((await callbackRow(testDb(), callbackId))?.confirmedAt).not.toBeNull();
    }
  });

  it("a person re-applying it is not held back by the cycle", async () => {
    const { p, callbackId } = await waiting();
    expect(await claimOne(testDb(), "payout", p.id, "person")).toBe(true);
    const gw = gatewaySays("SUCCESS");
    expect(await confirmCallback(testDb(), callbackId, { inquire: gw.inquire, claim: "person" })).toMatchObject({ kind: "settled", status: "SUCCESS" });
    expect(gw.asked).toHaveLength(1);
  });
});
