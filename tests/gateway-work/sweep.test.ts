import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { merchants, orderEvents, payins, payouts } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { transitionOrder } from "@/lib/orders/transition-order";
import { buildPayoutRequest } from "@/lib/payouts/build-payout-request";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { checkStatusNow } from "@/lib/gateway-work/check-status";
import { claimDue, claimOne, renewClaim } from "@/lib/gateway-work/claim-due";
import { runSweep } from "@/lib/gateway-work/sweep";
import type { SandboxGateway } from "@/sandbox-gateway";
import { generateOrderNo } from "@/lib/smilepayz/order-no";
import { getRegion } from "@/lib/smilepayz/regions";
import { ownerDb, testDb } from "../helpers/db";
import { controlHeaders, scenario } from "../helpers/gateway";
import { gatewayCredential, key, person, sandboxForFile, thai } from "../payouts/helpers";

let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(async () => {
  ({ gw, cred, finance } = sb);
  // This credential's orders are asked about after 5 s PROCESSING (the column the credential form sets).
  await testDb().update(merchants).set({ processingWindowS: 5 }).where(eq(merchants.id, cred.m.id));
});

let seq = 0;
/** A pay-out the gateway accepted (PROCESSING, no callback ever), sent `agoS` seconds ago. */
async function processing(agoS: number) {
  const orderNo = `RC${Date.now()}${seq++}`;
  await scenario(gw, { orderNo, count: 1, fate: { afterMs: 3_600_000, callback: "none" } });
  const { payout } = await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, orderNo })), idempotencyKey: key() });
  expect(await dispatchPayout(testDb(), payout.id)).toMatchObject({ kind: "sent", status: "PROCESSING" });
  await testDb().update(payouts).set({ sentAt: new Date(Date.now() - agoS * 1000) }).where(eq(payouts.id, payout.id));
  return payout;
}
async function settleAtGateway(orderNo: string, outcome: string) {
  const tradeNo = (await ownerDb().execute<{ t: string }>(sql`select trade_no as t from sandbox_gateway.orders where order_no = ${orderNo}`))[0]?.t;
  const res = await fetch(`${gw.url}/sandbox/orders/${tradeNo}/fate`, { method: "POST", headers: controlHeaders(), body: JSON.stringify({ outcome }) });
  expect(res.status).toBe(200);
}
async function asked(orderNo: string): Promise<number> {
  const rows = await ownerDb().execute<{ n: number }>(sql`select count(*)::int as n from sandbox_gateway.inquiries where order_no = ${orderNo}`);
  return rows[0]?.n ?? 0;
}
const row = async (id: number) => (await testDb().select().from(payouts).where(eq(payouts.id, id)))[0];

describe("the reconciliation sweep", () => {
  it("asks about a PROCESSING pay-out past its credential's window once, and moves it to the gateway's final status", async () => {
    const late = await processing(10);
    const fresh = await processing(0);
    await settleAtGateway(late.orderNo, "SUCCESS");
    await settleAtGateway(fresh.orderNo, "SUCCESS");
    // Two instances sweeping at the same moment: each order is claimed by one of them.
    const [a, b] = await Promise.all([runSweep(testDb()), runSweep(testDb())]);
    expect(a.payouts + b.payouts).toBeGreaterThanOrEqual(1);
    expect(await asked(late.orderNo)).toBe(1);
    expect((await row(late.id))?.status).toBe("SUCCESS");
    const events = await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, late.id)).orderBy(orderEvents.id);
    expect(events.at(-1)).toMatchObject({ source: "inquiry", toStatus: "SUCCESS", actorName: "reconciler" });
    // Inside its window: not asked.
    expect(await asked(fresh.orderNo)).toBe(0);
    expect((await row(fresh.id))?.status).toBe("PROCESSING");
  });

  it("asks again no sooner than a cycle, and an inquiry job finds the order claimed", async () => {
    const p = await processing(10);
    await runSweep(testDb());
    expect(await asked(p.orderNo)).toBe(1);
    expect((await row(p.id))?.status).toBe("PROCESSING");
    expect((await row(p.id))?.nextCheckAt?.getTime()).toBeGreaterThan(Date.now() + 10_000);
    await runSweep(testDb());
    expect(await claimOne(testDb(), "payout", p.id)).toBe(false);
    expect(await asked(p.orderNo)).toBe(1);
  });

  it("a sweep's ask that starts after its claim ran out, and after a callback's confirmation claimed the order, is not made", async () => {
    const p = await processing(10);
    const [claim] = await claimDue(testDb(), "payout", 500).then((cs) => cs.filter((c) => c.id === p.id));
    if (!claim) throw new Error("the pay-out was not claimed");
    // Nobody else claimed it: the sweep may renew its claim and ask.
    expect(await renewClaim(testDb(), "payout", claim)).toBe(true);
    const [renewed] = await testDb().execute<{ stamp: string }>(sql`select (extract(epoch from last_inquiry_at) * 1000000)::bigint::text as stamp from payouts where id = ${p.id}`);
    // The sweep's queue was long: a cycle passed, and a callback's confirmation claimed the order (and asked).
    await testDb().update(payouts).set({ lastInquiryAt: sql`last_inquiry_at - interval '20 seconds'`, nextCheckAt: sql`now() - interval '1 second'` }).where(eq(payouts.id, p.id));
    expect(await claimOne(testDb(), "payout", p.id, "news")).toBe(true);
    // The sweep's late ask finds the claim no longer its own, and does not ask.
    expect(await renewClaim(testDb(), "payout", { ...claim, stamp: renewed?.stamp ?? "" })).toBe(false);
    expect(await asked(p.orderNo)).toBe(0);
  });

  it("catches up on orders whose window passed while no instance ran (next_check_at long past)", async () => {
    const p = await processing(3600);
    await testDb().update(payouts).set({ nextCheckAt: new Date(Date.now() - 3_000_000) }).where(eq(payouts.id, p.id));
    await settleAtGateway(p.orderNo, "FAILED");
    await runSweep(testDb());
    expect((await row(p.id))?.status).toBe("FAILED");
  });

  it("a SENDING pay-out left by a dead dispatcher: found at the gateway, it moves on; unknown there, it becomes UNKNOWN; never resent", async () => {
    const stale = async (reachGateway: boolean) => {
      const orderNo = `RS${Date.now()}${seq++}`;
      await scenario(gw, { orderNo, count: 1, fate: { afterMs: 3_600_000, callback: "none" } });
      const { payout } = await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, orderNo })), idempotencyKey: key() });
      await transitionOrder(systemCtx(testDb(), "dispatcher"), { type: "payout", id: payout.id, to: "SENDING", source: "system", set: { sentAt: new Date(Date.now() - 60_000) } });
      const p = await row(payout.id);
      if (!p) throw new Error("no pay-out");
      if (reachGateway) expect((await gatewayClientFor(cred.m).payOut(getRegion("TH"), buildPayoutRequest(p, cred.m))).outcome).toBe("accepted");
      return p;
    };
    const reached = await stale(true);
    const lost = await stale(false);
    const requests = async (orderNo: string) =>
      (await ownerDb().execute<{ n: number }>(sql`select count(*)::int as n from sandbox_gateway.orders where order_no = ${orderNo}`))[0]?.n;
    await runSweep(testDb());
    expect((await row(reached.id))?.status).toBe("PROCESSING");
    expect((await row(lost.id))?.status).toBe("UNKNOWN");
    expect(await requests(reached.orderNo)).toBe(1);
    expect(await requests(lost.orderNo)).toBe(0);
  });

  it("an APPROVED pay-out whose dispatch job died with its worker is dispatched by the sweep, once; a live job is left alone", async () => {
    const approved = async () => {
      const orderNo = `RD${Date.now()}${seq++}`;
      await scenario(gw, { orderNo, count: 1, fate: { afterMs: 3_600_000, callback: "none" } });
      return (await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, orderNo })), idempotencyKey: key() })).payout;
    };
    const dead = await approved();
    const alive = await approved();
    const activate = (id: number, ago: string) =>
      testDb().execute(sql`update pgboss.job set state = 'active', started_on = now() - ${ago}::interval where name = 'payout-dispatch' and data->>'payoutId' = ${String(id)}`);
    await activate(dead.id, "5 minutes");
    await activate(alive.id, "1 second");
    await testDb().update(payouts).set({ updatedAt: new Date(Date.now() - 60_000) }).where(sql`${payouts.id} in (${dead.id}, ${alive.id})`);
    const [a, b] = await Promise.all([runSweep(testDb()), runSweep(testDb())]);
    expect(a.redispatched + b.redispatched).toBe(1);
    expect((await row(dead.id))?.status).toBe("PROCESSING");
    expect((await row(alive.id))?.status).toBe("APPROVED");
    const orders = await ownerDb().execute<{ n: number }>(sql`select count(*)::int as n from sandbox_gateway.orders where order_no = ${dead.orderNo}`);
    expect(orders[0]?.n).toBe(1);
  });

  it("check status now: asks once as the person and puts the answer on the timeline", async () => {
    const p = await processing(0);
    const support = await person("support");
    const r = await checkStatusNow({ ctx: support.ctx, type: "payout", id: p.id });
    expect(r).toMatchObject({ status: "PROCESSING", result: "pending" });
    expect(await asked(p.orderNo)).toBe(1);
    const events = await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, p.id)).orderBy(orderEvents.id);
    expect(events.at(-1)).toMatchObject({ source: "inquiry", actorUserId: support.user.id, toStatus: "PROCESSING" });
    expect(events.at(-1)?.note).toMatch(/inquiry-status: PROCESSING/);
    await settleAtGateway(p.orderNo, "SUCCESS");
    expect(await checkStatusNow({ ctx: support.ctx, type: "payout", id: p.id })).toMatchObject({ status: "SUCCESS", result: "resolved" });
    await expect(checkStatusNow({ ctx: support.ctx, type: "payout", id: p.id })).rejects.toMatchObject({ code: "conflict" });
  });

  it("a pay-in past its expiry period becomes EXPIRED when the gateway says so, not before", async () => {
    const orderNo = generateOrderNo("TI");
    const r = await cred.reg.client().payIn(getRegion("TH"), {
      orderNo, purpose: "Invoice", merchant: { merchantId: cred.reg.merchantId },
      money: { currency: "THB", amount: 300 }, paymentMethod: "QRPAY", expiryPeriod: 3600,
      payer: { name: "Somchai Saetan", accountNo: "1234567890", bankName: "KBANK" },
    });
    expect(r.outcome).toBe("accepted");
    const [pi] = await testDb()
      .insert(payins)
      .values({ merchantId: cred.m.id, region: "TH", orderNo, amountMinor: 30000n, currency: "THB", paymentMethod: "QRPAY", purpose: "Invoice", status: "INIT", expiresAt: new Date(Date.now() - 1000) })
      .returning();
    if (!pi) throw new Error("no pay-in");
    await runSweep(testDb());
    const still = (await testDb().select().from(payins).where(eq(payins.id, pi.id)))[0];
    // The gateway says it is still waiting for the payer: open, not EXPIRED.
    expect(still?.status).toBe("PROCESSING");
    expect(still?.inquiryCount).toBe(1);
    await settleAtGateway(orderNo, "EXPIRED");
    await testDb().update(payins).set({ nextCheckAt: new Date(Date.now() - 1000) }).where(eq(payins.id, pi.id));
    await runSweep(testDb());
    expect((await testDb().select().from(payins).where(eq(payins.id, pi.id)))[0]?.status).toBe("EXPIRED");
  });
});
