import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/db/free-port";
import { merchants, orderEvents, payouts } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { transitionOrder } from "@/lib/orders/transition-order";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { inquireOrder, NO_RECORD_FLAG } from "@/lib/gateway-work/inquire-order";
import { PAYOUT_INQUIRY } from "@/lib/jobs/queues";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import type { SandboxGateway } from "@/sandbox-gateway";
import { ownerDb, testDb } from "../helpers/db";
import { readGatewayOrder, scenario } from "../helpers/gateway";
import { gatewayCredential, gatewayOrders, jobsFor, key, person, sandboxForFile, thai } from "../payouts/helpers";

// A short client timeout so the timeout faults take under a second (env() is read lazily, after this line).
process.env.GATEWAY_TIMEOUT_MS = "800";

let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(() => {
  ({ gw, cred, finance } = sb);
});

let seq = 0;
/** An APPROVED pay-out whose orderNo has a scenario queued 10 times: `remaining` then counts the requests. */
async function approvedWith(fate: Record<string, unknown>, credentialId = cred.m.id) {
  const orderNo = `TD${Date.now()}${seq++}`;
  await scenario(gw, { orderNo, count: 10, fate: { afterMs: 3_600_000, callback: "none", ...fate } });
  const { payout } = await createPayout({
    ctx: finance.ctx,
    input: createPayoutSchema.parse(thai({ credentialId, orderNo })),
    idempotencyKey: key(),
  });
  expect(payout.status).toBe("APPROVED");
  return payout;
}

async function requestsFor(orderNo: string): Promise<number> {
  const rows = await ownerDb().execute<{ remaining: number }>(sql`select remaining from sandbox_gateway.scenarios where order_no = ${orderNo}`);
  return 10 - (rows[0]?.remaining ?? 10);
}

const rowOf = async (id: number) => (await testDb().select().from(payouts).where(eq(payouts.id, id)))[0];
const eventsOf = (id: number) => testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, id)).orderBy(asc(orderEvents.id));

/** Final, or UNKNOWN with an inquiry scheduled: the invariant after any dispatch. */
async function expectSettled(id: number) {
  const row = await rowOf(id);
  if (row?.status === "UNKNOWN") expect(await jobsFor(PAYOUT_INQUIRY, id)).toBeGreaterThanOrEqual(1);
  else expect(["PROCESSING", "SUCCESS", "FAILED", "EXPIRED", "NOT_ACCEPTED", "CANCELLED"]).toContain(row?.status);
}

describe("dispatch, per outcome", () => {
  it("accepted: PROCESSING with tradeNo; the request body as sent is in the SENDING event; sent once; a follow-up inquiry waits", async () => {
    const p = await approvedWith({ requestFault: "none" });
    expect(await dispatchPayout(testDb(), p.id)).toMatchObject({ kind: "sent", outcome: "accepted", status: "PROCESSING" });
    const row = await rowOf(p.id);
    const gwOrder = await readGatewayOrder(gw, p.orderNo);
    expect(row).toMatchObject({ status: "PROCESSING", tradeNo: gwOrder?.order.tradeNo, gatewayStatus: "PROCESSING" });
    const ev = await eventsOf(p.id);
    expect(ev.map((e) => [e.fromStatus, e.toStatus, e.source])).toEqual([
      [null, "APPROVED", "person"],
      ["APPROVED", "SENDING", "system"],
      ["SENDING", "PROCESSING", "response"],
    ]);
    const sent = JSON.parse(ev[1]?.rawPayload ?? "{}") as Record<string, unknown>;
    expect(sent).toMatchObject({ orderNo: p.orderNo, money: { currency: "THB", amount: 1500 }, paymentMethod: "KBANK", cashAccount: "1234567890" });
    expect((gwOrder?.order as unknown as { request: unknown }).request).toEqual(sent);
    expect(JSON.parse(ev[2]?.rawPayload ?? "{}")).toMatchObject({ code: "00", tradeNo: row?.tradeNo });
    expect(await requestsFor(p.orderNo)).toBe(1);
    expect(await jobsFor(PAYOUT_INQUIRY, p.id)).toBe(1);
    // A retried job does nothing.
    expect(await dispatchPayout(testDb(), p.id)).toMatchObject({ kind: "skipped", status: "PROCESSING" });
    expect(await requestsFor(p.orderNo)).toBe(1);
  });

  it("rejected: NOT_ACCEPTED with the gateway's code and message; nothing exists at the gateway", async () => {
    const p = await approvedWith({ requestFault: "reject", rejectCode: "42", rejectMessage: "Channel closed" });
    expect(await dispatchPayout(testDb(), p.id)).toMatchObject({ outcome: "rejected", status: "NOT_ACCEPTED" });
    expect(await rowOf(p.id)).toMatchObject({ status: "NOT_ACCEPTED", gatewayCode: "42", gatewayMessage: "Channel closed" });
    expect(await requestsFor(p.orderNo)).toBe(1);
    expect(await gatewayOrders(p.orderNo)).toBe(0);
  });

  it.each(["timeout", "reset", "http_500", "bad_body", "accept_then_timeout"] as const)(
    "fault %s: UNKNOWN with an inquiry scheduled, sent once, never again on a retried job",
    async (fault) => {
      const p = await approvedWith({ requestFault: fault });
      expect(await dispatchPayout(testDb(), p.id)).toMatchObject({ outcome: "unknown", status: "UNKNOWN" });
      expect(await jobsFor(PAYOUT_INQUIRY, p.id)).toBe(1);
      expect(await dispatchPayout(testDb(), p.id)).toMatchObject({ kind: "skipped", status: "UNKNOWN" });
      expect(await requestsFor(p.orderNo)).toBe(1);
      expect(await gatewayOrders(p.orderNo)).toBe(fault === "accept_then_timeout" || fault === "bad_body" ? 1 : 0);
      await expectSettled(p.id);
    },
  );

  it("timeout: sentAt is when the request left (the SENDING commit), not when the wait for an answer ended", async () => {
    const p = await approvedWith({ requestFault: "timeout" });
    const before = Date.now();
    await dispatchPayout(testDb(), p.id);
    const after = Date.now();
    const row = await rowOf(p.id);
    const sending = (await eventsOf(p.id)).find((e) => e.toStatus === "SENDING");
    expect(row?.status).toBe("UNKNOWN");
    const sentAt = row?.sentAt?.getTime() ?? 0;
    // The client waits 800 ms for an answer; the recorded moment is before that wait, at the SENDING event.
    expect(sentAt).toBeGreaterThanOrEqual(before - 5);
    expect(Math.abs(sentAt - (sending?.createdAt.getTime() ?? 0))).toBeLessThan(200);
    expect(after - sentAt).toBeGreaterThanOrEqual(700);
  });

  it("not sent (connection refused): NOT_ACCEPTED, final", async () => {
    const closed = await gatewayCredential(gw);
    await testDb().update(merchants).set({ customBaseUrl: `http://127.0.0.1:${await freePort()}` }).where(eq(merchants.id, closed.m.id));
    const p = await approvedWith({ requestFault: "none" }, closed.m.id);
    expect(await dispatchPayout(testDb(), p.id)).toMatchObject({ outcome: "not_sent", status: "NOT_ACCEPTED" });
    expect(await requestsFor(p.orderNo)).toBe(0);
  });

  it("a callback that beats the answer wins: SENDING → SUCCESS, and the late answer is not applied", async () => {
    const p = await approvedWith({ requestFault: "none" });
    const r = await dispatchPayout(testDb(), p.id, {
      afterCall: async () => {
        await transitionOrder(systemCtx(testDb(), "callback"), { type: "payout", id: p.id, to: "SUCCESS", source: "callback", note: "callback first" });
      },
    });
    expect(r).toMatchObject({ outcome: "accepted", status: "SUCCESS" });
    expect((await eventsOf(p.id)).map((e) => e.toStatus)).toEqual(["APPROVED", "SENDING", "SUCCESS"]);
  });
});

describe("inquiry", () => {
  it("accept_then_timeout: inquiry finds the order and moves UNKNOWN → PROCESSING with its tradeNo (source inquiry)", async () => {
    const p = await approvedWith({ requestFault: "accept_then_timeout" });
    await dispatchPayout(testDb(), p.id);
    expect(await inquireOrder(testDb(), "payout", p.id)).toMatchObject({ kind: "resolved", status: "PROCESSING" });
    const gwOrder = await readGatewayOrder(gw, p.orderNo);
    expect(await rowOf(p.id)).toMatchObject({ status: "PROCESSING", tradeNo: gwOrder?.order.tradeNo, inquiryCount: 1 });
    expect((await eventsOf(p.id)).at(-1)).toMatchObject({ fromStatus: "UNKNOWN", toStatus: "PROCESSING", source: "inquiry" });
    expect(await requestsFor(p.orderNo)).toBe(1);
  });

  it("not found: stays UNKNOWN, asked again with growing delays, then flagged for a person; never resent", async () => {
    const p = await approvedWith({ requestFault: "timeout" });
    await dispatchPayout(testDb(), p.id);
    const delays = [1, 2];
    expect(await inquireOrder(testDb(), "payout", p.id, { delays })).toMatchObject({ kind: "pending", next: 1 });
    expect(await inquireOrder(testDb(), "payout", p.id, { delays })).toMatchObject({ kind: "pending", next: 2 });
    const last = await inquireOrder(testDb(), "payout", p.id, { delays });
    expect(last.kind).toBe("flagged");
    const row = await rowOf(p.id);
    expect(row).toMatchObject({ status: "UNKNOWN", inquiryCount: 3 });
    expect(row?.flagReason).toContain(NO_RECORD_FLAG);
    expect(await inquireOrder(testDb(), "payout", p.id, { delays })).toMatchObject({ kind: "skipped" });
    expect(await requestsFor(p.orderNo)).toBe(1);
    expect(await gatewayOrders(p.orderNo)).toBe(0);
  });
});
