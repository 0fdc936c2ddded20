import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderEvents, payouts } from "@/db/schema";
import { confirmCallbacks } from "@/lib/callbacks/confirm-callback";
import { stopQueue } from "@/lib/jobs/queue";
import { claimOne } from "@/lib/gateway-work/claim-due";
import { closeDb, testDb } from "../helpers/db";
import { createMerchant, createPayout } from "../helpers/factories";
import { ensureQueues } from "../payouts/helpers";
import { PLATFORM_PUBLIC_DER, callbackRow, gatewaySays, ingest, payoutState, signedCallback, thaiBody, uid } from "./helpers";

beforeAll(() => ensureQueues());
afterAll(async () => {
  await stopQueue();
  await closeDb();
});

/** PROCESSING pay-outs of one merchant, each with a verified callback saying `said`, waiting for confirmation. */
async function waitingMany(said: string[]) {
  const db = testDb();
  const m = await createMerchant(db, { platformPublicKey: PLATFORM_PUBLIC_DER });
  const out: { id: number; orderNo: string; callbackId: number }[] = [];
  for (const status of said) {
    const p = await createPayout(db, { merchantId: m.id, status: "PROCESSING", tradeNo: `T${uid()}` });
    const r = await ingest(db, signedCallback(thaiBody({ orderNo: p.orderNo, tradeNo: p.tradeNo ?? "" }, status)));
    expect(r.outcome).toBe("confirming");
    out.push({ id: p.id, orderNo: p.orderNo, callbackId: r.callbackId ?? 0 });
  }
  return { m, out };
}

describe("confirming a batch of callbacks", () => {
  it("settles each with the gateway's own answer: agreeing applied, disagreeing moved and flagged, still open retried, twice-listed settled once", async () => {
    const { out } = await waitingMany(["SUCCESS", "SUCCESS", "SUCCESS", "FAILED"]);
    const [agree, disagree, open, failed] = out;
    if (!agree || !disagree || !open || !failed) throw new Error("set-up");
    const word = new Map([[agree.orderNo, "SUCCESS"], [disagree.orderNo, "FAILED"], [open.orderNo, "PROCESSING"], [failed.orderNo, "FAILED"]]);
    const gw = gatewaySays((orderNo) => word.get(orderNo) ?? "PROCESSING");
    const items = [agree, disagree, open, failed, agree].map((x) => ({ callbackId: x.callbackId }));
    const rs = await confirmCallbacks(testDb(), items, { inquire: gw.inquire });
    expect(rs[0]).toMatchObject({ kind: "settled", outcome: "applied", status: "SUCCESS", reason: null });
    expect(rs[1]).toMatchObject({ kind: "settled", outcome: "conflict", status: "FAILED", reason: expect.stringMatching(/said SUCCESS .*inquiry-status says FAILED/) });
    expect(rs[2]).toMatchObject({ kind: "retry", reason: expect.stringMatching(/still says PROCESSING/) });
    expect(rs[3]).toMatchObject({ kind: "settled", outcome: "applied", status: "FAILED" });
    // The same callback twice (two jobs): asked once, settled once.
    expect(rs[4]).toMatchObject({ kind: "done" });
    expect(gw.asked.filter((a) => a.orderNo === agree.orderNo)).toHaveLength(1);

    const rows = await testDb().select().from(payouts).where(inArray(payouts.id, out.map((x) => x.id)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(agree.id)).toMatchObject({ status: "SUCCESS", gatewayStatus: "SUCCESS", flaggedAt: null });
    expect(byId.get(disagree.id)).toMatchObject({ status: "FAILED", flagReason: expect.stringMatching(/said SUCCESS/) });
    expect(byId.get(open.id)).toMatchObject({ status: "PROCESSING", flaggedAt: null });
    expect(byId.get(failed.id)).toMatchObject({ status: "FAILED", flaggedAt: null });
    // One final transition each, by inquiry-status, tied to its callback.
    const finals = await testDb().select().from(orderEvents).where(inArray(orderEvents.payoutId, out.map((x) => x.id)));
    const moves = finals.filter((e) => e.source === "inquiry").map((e) => [e.payoutId, e.toStatus, e.callbackId]);
    expect(moves.sort()).toEqual(
      [
        [agree.id, "SUCCESS", agree.callbackId],
        [disagree.id, "FAILED", disagree.callbackId],
        [failed.id, "FAILED", failed.callbackId],
      ].sort(),
    );
    expect(await callbackRow(testDb(), open.callbackId)).toMatchObject({ outcome: "confirming", confirmedAt: null });
    expect(await callbackRow(testDb(), agree.callbackId)).toMatchObject({ outcome: "applied", confirmedAt: expect.any(Date) });
  });

  it("two callbacks about one pay-out another ask made final settle in turn against it: the agreeing one a duplicate, the other flagged", async () => {
    const db = testDb();
    const m = await createMerchant(db, { platformPublicKey: PLATFORM_PUBLIC_DER });
    const p = await createPayout(db, { merchantId: m.id, status: "PROCESSING", tradeNo: `T${uid()}` });
    const ids = { orderNo: p.orderNo, tradeNo: p.tradeNo ?? "" };
    // Two deliveries signed a second apart (the signature covers tradeNo|X-TIMESTAMP, to the second): both from one
    // clock reading, so a first ingest that ends in the next second cannot give the second the same signature.
    const now = Date.now();
    const a = await ingest(db, signedCallback(thaiBody(ids, "SUCCESS"), { at: new Date(now - 1000) }));
    const b = await ingest(db, signedCallback(thaiBody(ids, "FAILED"), { at: new Date(now - 2000) }));
    expect([a.outcome, b.outcome]).toEqual(["confirming", "confirming"]);
    // The order's own inquiry claimed it and its answer moved it.
    expect(await claimOne(db, "payout", p.id, "person")).toBe(true);
    await db.update(payouts).set({ status: "SUCCESS", finalAt: new Date() }).where(eq(payouts.id, p.id));
    const gw = gatewaySays("SUCCESS");
    const rs = await confirmCallbacks(db, [{ callbackId: b.callbackId ?? 0 }, { callbackId: a.callbackId ?? 0 }], { inquire: gw.inquire });
    expect(gw.asked).toHaveLength(0);
    expect(rs[0]).toMatchObject({ kind: "settled", outcome: "conflict", status: "SUCCESS", reason: expect.stringMatching(/said FAILED.*already SUCCESS/) });
    expect(rs[1]).toMatchObject({ kind: "settled", outcome: "duplicate", status: "SUCCESS", reason: null });
    const { row, events } = await payoutState(db, p.id);
    expect(row).toMatchObject({ status: "SUCCESS", flagReason: expect.stringMatching(/said FAILED/) });
    expect(events.filter((e) => e.toStatus === "SUCCESS" && e.fromStatus !== "SUCCESS")).toHaveLength(0);
  });

  it("claims every asked order of a batch for the cycle, once per order: a second callback about it waits, and a second batch asks nothing", async () => {
    const db = testDb();
    const { out } = await waitingMany(["SUCCESS", "SUCCESS", "SUCCESS"]);
    const [a, b, c] = out;
    if (!a || !b || !c) throw new Error("set-up");
    const again = await ingest(db, signedCallback(thaiBody({ orderNo: a.orderNo, tradeNo: (await payoutState(db, a.id)).row?.tradeNo ?? "" }, "SUCCESS"), { at: new Date(Date.now() - 1000) }));
    expect(again.outcome).toBe("confirming");
    const gw = gatewaySays(() => "PROCESSING");
    const rs = await confirmCallbacks(db, [a, b, c, { callbackId: again.callbackId ?? 0 }].map((x) => ({ callbackId: x.callbackId })), { inquire: gw.inquire });
    expect(gw.asked).toHaveLength(3);
    expect(rs.slice(0, 3).every((r) => r.kind === "retry" && /still says PROCESSING/.test(r.reason))).toBe(true);
    expect(rs[3]).toMatchObject({ kind: "retry", reason: expect.stringMatching(/less than a cycle ago/) });
    const rows = await db.select({ lastInquiryAt: payouts.lastInquiryAt, nextCheckAt: payouts.nextCheckAt }).from(payouts).where(inArray(payouts.id, [a.id, b.id, c.id]));
    expect(rows.every((r) => r.lastInquiryAt !== null && r.nextCheckAt !== null && r.nextCheckAt > r.lastInquiryAt)).toBe(true);
    const later = gatewaySays(() => "SUCCESS");
    expect((await confirmCallbacks(db, [{ callbackId: b.callbackId }], { inquire: later.inquire }))[0]).toMatchObject({ kind: "retry", reason: expect.stringMatching(/less than a cycle ago/) });
    expect(later.asked).toHaveLength(0);
  });
});
