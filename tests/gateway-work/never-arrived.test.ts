import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orderEvents, payouts } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { transitionOrder } from "@/lib/orders/transition-order";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { inquireOrder } from "@/lib/gateway-work/inquire-order";
import { REQUEST_LIFETIME_MS } from "@/lib/gateway-work/never-arrived";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import type { SandboxGateway } from "@/sandbox-gateway";
import { ownerDb, testDb } from "../helpers/db";
import { gatewayCredential, gatewayOrders, key, person, sandboxForFile, thai } from "../payouts/helpers";

let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(() => {
  ({ gw, cred, finance } = sb);
});

let seq = 0;
const approved = async (credentialId = cred.m.id) =>
  (await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId, account: String(7_000_000_000 + seq++) })), idempotencyKey: key() })).payout;

/** A pay-out whose dispatcher died after committing SENDING `agoMs` ago, before any byte reached the gateway. */
async function lostInFlight(agoMs: number, credentialId = cred.m.id, inquiryCount = 0) {
  const p = await approved(credentialId);
  const ctx = systemCtx(testDb(), "dispatcher");
  await transitionOrder(ctx, { type: "payout", id: p.id, to: "SENDING", from: ["APPROVED"], source: "system", set: { sentAt: new Date(Date.now() - agoMs), inquiryCount } });
  await transitionOrder(ctx, { type: "payout", id: p.id, to: "UNKNOWN", from: ["SENDING"], source: "system", note: "the dispatch stopped around the call" });
  return p;
}
const gatewayInquiries = async (orderNo: string) =>
  (await ownerDb().execute<{ n: number }>(sql`select count(*)::int as n from sandbox_gateway.inquiries where order_no = ${orderNo}`))[0]?.n ?? 0;
const rowOf = async (id: number) => (await testDb().select().from(payouts).where(eq(payouts.id, id)))[0];

describe("an UNKNOWN pay-out the gateway never received", () => {
  beforeAll(async () => {
    // An order the gateway did accept for this credential: it proves the gateway answers our inquiries.
    const ok = await approved();
    expect(await dispatchPayout(testDb(), ok.id)).toMatchObject({ kind: "sent", outcome: "accepted" });
  });

  it("once its signed request has lapsed: NOT_ACCEPTED by inquiry-status, nothing sent", async () => {
    const p = await lostInFlight(REQUEST_LIFETIME_MS + 5_000);
    expect(await inquireOrder(testDb(), "payout", p.id)).toEqual({ kind: "resolved", status: "NOT_ACCEPTED" });
    expect(await rowOf(p.id)).toMatchObject({ status: "NOT_ACCEPTED", flaggedAt: null });
    const last = (await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, p.id)).orderBy(asc(orderEvents.id))).at(-1);
    expect(last).toMatchObject({ fromStatus: "UNKNOWN", toStatus: "NOT_ACCEPTED", source: "inquiry" });
    expect(last?.note).toMatch(/never reached the gateway/);
    expect(await gatewayOrders(p.orderNo)).toBe(0);
  });

  it("while its request could still arrive: stays UNKNOWN, asked again just after it lapses", async () => {
    const p = await lostInFlight(REQUEST_LIFETIME_MS - 30_000, cred.m.id, 3);
    const r = await inquireOrder(testDb(), "payout", p.id);
    expect(r).toMatchObject({ kind: "pending", status: "UNKNOWN" });
    expect(r.kind === "pending" ? r.next : 0).toBeGreaterThanOrEqual(29);
    expect(r.kind === "pending" ? r.next : 0).toBeLessThanOrEqual(32); // not the backoff's 60 s
    expect((await rowOf(p.id))?.status).toBe("UNKNOWN");
  });

  it("several closing at once each ask about a different other order: none is asked twice within a cycle", async () => {
    const others = [await approved(), await approved()];
    for (const o of others) expect(await dispatchPayout(testDb(), o.id)).toMatchObject({ kind: "sent", outcome: "accepted" });
    const lost = [await lostInFlight(REQUEST_LIFETIME_MS + 5_000), await lostInFlight(REQUEST_LIFETIME_MS + 5_000)];
    const before = new Map(await Promise.all(others.map(async (o) => [o.orderNo, await gatewayInquiries(o.orderNo)] as const)));
    for (const p of lost) expect(await inquireOrder(testDb(), "payout", p.id)).toEqual({ kind: "resolved", status: "NOT_ACCEPTED" });
    // Each "does the gateway find another?" ask went to a different order, claimed for the cycle.
    for (const o of others) expect((await gatewayInquiries(o.orderNo)) - (before.get(o.orderNo) ?? 0)).toBe(1);
    // A third, in the same cycle, finds no other order free to ask about: it stays UNKNOWN (asked again later).
    const third = await lostInFlight(REQUEST_LIFETIME_MS + 5_000);
    const all = (await testDb().select({ orderNo: payouts.orderNo }).from(payouts).where(eq(payouts.merchantId, cred.m.id))).map((r) => r.orderNo);
    const asked0 = await Promise.all(all.map(gatewayInquiries));
    expect(await inquireOrder(testDb(), "payout", third.id)).toMatchObject({ kind: "pending", status: "UNKNOWN" });
    const asked1 = await Promise.all(all.map(gatewayInquiries));
    expect(asked1.reduce((a, b) => a + b, 0) - asked0.reduce((a, b) => a + b, 0)).toBe(1); // its own ask only
  });

  it("when the gateway finds no other order of the credential (its answer may be a key problem): stays UNKNOWN", async () => {
    const other = await gatewayCredential(gw);
    const p = await lostInFlight(REQUEST_LIFETIME_MS + 5_000, other.m.id);
    expect(await inquireOrder(testDb(), "payout", p.id)).toMatchObject({ kind: "pending", status: "UNKNOWN" });
    expect((await rowOf(p.id))?.status).toBe("UNKNOWN");
  });
});
