import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, orderEvents } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { addOrderNote } from "@/lib/orders/add-order-note";
import { transitionOrder } from "@/lib/orders/transition-order";
import { cancelPayout } from "@/lib/payouts/cancel-payout";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { exportOrderListCsv } from "@/lib/orders/export-order-list-csv";
import { getOrder } from "@/lib/orders/get-order";
import { inquireOrder } from "@/lib/gateway-work/inquire-order";
import { listOrders } from "@/lib/orders/list-orders";
import { createPayoutSchema, listPayoutsSchema } from "@/lib/payouts/schemas";
import type { SandboxGateway } from "@/sandbox-gateway";
import { testDb } from "../helpers/db";
import { readGatewayOrder, scenario } from "../helpers/gateway";
import { gatewayCredential, key, person, sandboxForFile, thai } from "./helpers";

let gw: SandboxGateway;
let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(() => {
  ({ gw, cred, finance } = sb);
});

const create = (over: Record<string, unknown> = {}, who = finance) =>
  createPayout({ ctx: who.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, ...over })), idempotencyKey: key() });

describe("cancel a pay-out that waits for approval", () => {
  it("its creator may: CANCELLED by a person, with the reason in the event and a payout.cancelled audit row", async () => {
    const { payout } = await create({ amount: "60000" });
    expect(payout).toMatchObject({ status: "PENDING_APPROVAL", canCancel: true });
    const out = await cancelPayout({ ctx: finance.ctx, id: payout.id, input: { reason: "Wrong invoice" } });
    expect(out).toMatchObject({ status: "CANCELLED", canCancel: false, canApprove: false });
    const [ev] = await testDb().select().from(orderEvents).where(and(eq(orderEvents.payoutId, payout.id), eq(orderEvents.toStatus, "CANCELLED")));
    expect(ev).toMatchObject({ fromStatus: "PENDING_APPROVAL", source: "person", actorUserId: finance.user.id });
    expect(ev?.note).toContain("Wrong invoice");
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "payout.cancelled"), eq(auditLog.targetId, String(payout.id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ by: "creator", reason: "Wrong invoice", status: "CANCELLED" });
    const detail = await getOrder({ ctx: finance.ctx, kind: "payout", id: payout.id });
    expect(detail.outcome?.summary).toMatch(/^Cancelled by .* before it was sent; no money moved\.$/);
  });

  it("another finance user or an approver may not; an admin may cancel any, and says so in the audit row", async () => {
    const { payout } = await create({ amount: "60000" });
    const other = await person("finance");
    const approver = await person("approver");
    const admin = await person("admin");
    await expect(cancelPayout({ ctx: other.ctx, id: payout.id, input: { reason: "not mine" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(cancelPayout({ ctx: approver.ctx, id: payout.id, input: { reason: "not mine" } })).rejects.toMatchObject({ code: "forbidden" });
    const waiting = await listOrders({ ctx: admin.ctx, kind: "payout", input: listPayoutsSchema.parse({ status: "PENDING_APPROVAL", order: "oldest", limit: 200 }) });
    expect(waiting.items.find((p) => p.id === payout.id)).toMatchObject({ canCancel: true, canApprove: false });
    const out = await cancelPayout({ ctx: admin.ctx, id: payout.id, input: { reason: "Approver on leave" } });
    expect(out.status).toBe("CANCELLED");
    const [audit] = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "payout.cancelled"), eq(auditLog.targetId, String(payout.id))));
    expect(audit).toMatchObject({ actorUserId: admin.user.id, after: { by: "admin", reason: "Approver on leave" } });
  });

  it("refuses once it is no longer waiting (approved or under the threshold): a conflict, nothing written", async () => {
    const { payout } = await create({ amount: "1500" });
    expect(payout).toMatchObject({ status: "APPROVED", canCancel: false });
    await expect(cancelPayout({ ctx: finance.ctx, id: payout.id, input: { reason: "too late" } })).rejects.toMatchObject({ code: "conflict" });
    const events = await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, payout.id)).orderBy(orderEvents.id);
    expect(events.map((e) => e.toStatus)).toEqual(["APPROVED"]);
  });
});

describe("why a pay-out ended badly", () => {
  it("FAILED by callback: the gateway's words, not the acceptance's 00 Successful", async () => {
    const { payout } = await create({ orderNo: `TF${Date.now()}` });
    await scenario(gw, { orderNo: payout.orderNo, fate: { outcome: "FAILED", afterMs: 3_600_000, callback: "none" } });
    await dispatchPayout(testDb(), payout.id);
    const body = JSON.stringify({ orderNo: payout.orderNo, tradeNo: "T1", status: "FAILED", money: { currency: "THB", amount: 1500 } });
    await transitionOrder(systemCtx(testDb(), "callback"), { type: "payout", id: payout.id, to: "FAILED", source: "callback", rawPayload: body, note: "callback FAILED" });
    const d = await getOrder({ ctx: finance.ctx, kind: "payout", id: payout.id });
    expect(d.payout).toMatchObject({ status: "FAILED", gatewayCode: "00", gatewayMessage: "Successful" });
    expect(d.outcome).toMatchObject({ status: "FAILED", source: "callback", rawFrom: "callback", raw: ['status "FAILED"'] });
    expect(d.outcome?.summary).toBe(
      `Smilepayz said in its callback that the payment failed and gave no reason. No money went to the beneficiary. Ask Smilepayz support for the reason, quoting tradeNo ${d.payout.tradeNo ?? ""}.`,
    );
    expect(d.outcome?.reason).toBeNull();
    expect(JSON.stringify(d.outcome)).not.toMatch(/Successful|"00"/);
  });

  it("FAILED by inquiry: the remark inquiry-status gives, with the raw status and remark beneath", async () => {
    const { payout } = await create({ orderNo: `TQ${Date.now()}` });
    await scenario(gw, { orderNo: payout.orderNo, fate: { outcome: "FAILED", afterMs: 0, callback: "none", remark: "Beneficiary account closed" } });
    await dispatchPayout(testDb(), payout.id);
    // The gateway settles the order on its own queue: wait until it says FAILED.
    for (let i = 0; i < 100 && (await readGatewayOrder(gw, payout.orderNo))?.order.status !== "FAILED"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await inquireOrder(testDb(), "payout", payout.id)).toMatchObject({ kind: "resolved", status: "FAILED" });
    const d = await getOrder({ ctx: finance.ctx, kind: "payout", id: payout.id });
    expect(d.outcome).toMatchObject({ source: "inquiry", rawFrom: "inquiry-status", raw: ['status "FAILED"', 'remark "Beneficiary account closed"'] });
    expect(d.outcome?.summary).toBe("Smilepayz confirmed the payment failed: Beneficiary account closed. No money went to the beneficiary.");
    expect(d.outcome?.reason).toBe("Beneficiary account closed");
  });

  it("a support note on a FAILED pay-out is a note: the outcome stays the gateway's, with its reason, and no event says FAILED → FAILED", async () => {
    const { payout } = await create({ orderNo: `TS${Date.now()}` });
    await scenario(gw, { orderNo: payout.orderNo, fate: { outcome: "FAILED", afterMs: 0, callback: "none", remark: "Account closed by the bank" } });
    await dispatchPayout(testDb(), payout.id);
    for (let i = 0; i < 100 && (await readGatewayOrder(gw, payout.orderNo))?.order.status !== "FAILED"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await inquireOrder(testDb(), "payout", payout.id)).toMatchObject({ kind: "resolved", status: "FAILED" });
    const before = await getOrder({ ctx: finance.ctx, kind: "payout", id: payout.id });
    const support = await person("support");
    await addOrderNote({ ctx: support.ctx, type: "payout", id: payout.id, input: { note: "Customer called; told them we are checking" } });
    const d = await getOrder({ ctx: finance.ctx, kind: "payout", id: payout.id });
    expect(d.outcome).toEqual(before.outcome);
    expect(d.outcome).toMatchObject({ source: "inquiry", reason: "Account closed by the bank" });
    expect(d.outcome?.summary).toBe("Smilepayz confirmed the payment failed: Account closed by the bank. No money went to the beneficiary.");
    const events = (x: typeof d) => x.items.filter((it) => it.kind === "event");
    expect(events(d)).toEqual(events(before));
    expect(events(d).filter((e) => e.source === "person" && e.from === e.to)).toEqual([]);
    expect(d.items.filter((it) => it.kind === "note")).toEqual([expect.objectContaining({ author: support.user.name, note: "Customer called; told them we are checking" })]);
    // The export says it too, beside the status (not the acceptance's "00 Successful" alone).
    const csv = (await (await exportOrderListCsv({ ctx: finance.ctx, kind: "payout", input: listPayoutsSchema.parse({ q: payout.orderNo }) })).text()).trim().split("\r\n");
    expect(csv[0]).toContain(",status,reason,gateway_code,");
    expect(csv[1]).toContain(",FAILED,Smilepayz confirmed the payment failed: Account closed by the bank. No money went to the beneficiary.,00,Successful,");
  });

  it("NOT_ACCEPTED: the refusal's own code and message", async () => {
    const { payout } = await create({ orderNo: `TN${Date.now()}` });
    await scenario(gw, { orderNo: payout.orderNo, fate: { requestFault: "reject", rejectCode: "07", rejectMessage: "Insufficient balance" } });
    await dispatchPayout(testDb(), payout.id);
    const d = await getOrder({ ctx: finance.ctx, kind: "payout", id: payout.id });
    expect(d.outcome).toMatchObject({ status: "NOT_ACCEPTED", raw: ['code "07"', 'message "Insufficient balance"'] });
    expect(d.outcome?.summary).toBe("Smilepayz refused the request: Insufficient balance. Nothing was created there and no money moved.");
  });

  it("the credential reaches the bundled sandbox: the view says so (the deployment's own knowledge)", async () => {
    const { payout } = await create();
    expect(payout.bundledSandbox).toBe(true);
  });
});
