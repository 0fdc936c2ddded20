import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orderEvents, payouts, users } from "@/db/schema";
import { withDb } from "@/lib/context";
import { transitionOrder } from "@/lib/orders/transition-order";
import { approvePayout } from "@/lib/payouts/approve-payout";
import { approvePayouts } from "@/lib/payouts/approve-payouts";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { exportOrderListCsv } from "@/lib/orders/export-order-list-csv";
import { getOrder } from "@/lib/orders/get-order";
import { listOrders } from "@/lib/orders/list-orders";
import type { PayoutPage } from "@/lib/orders/order-view";
import { PAYOUT_DISPATCH, PAYOUT_INQUIRY } from "@/lib/jobs/queues";
import { rejectPayout } from "@/lib/payouts/reject-payout";
import { createPayoutSchema, listPayoutsSchema } from "@/lib/payouts/schemas";
import { pgErrorCode } from "@/lib/db-errors";
import { testDb } from "../helpers/db";
import { createPayout as storePayoutRow } from "../helpers/factories";
import { gatewayCredential, gatewayOrders, jobsFor, key, person, sandboxForFile, thai } from "./helpers";

let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile();
beforeAll(() => {
  ({ cred, finance } = sb);
});

const parse = (over: Record<string, unknown> = {}) => createPayoutSchema.parse(thai({ credentialId: cred.m.id, ...over }));
const create = (over: Record<string, unknown> = {}, k = key(), who = finance) => createPayout({ ctx: who.ctx, input: parse(over), idempotencyKey: k });

describe("create", () => {
  it("under the threshold: APPROVED with its dispatch job and a 'person' creation event, in one commit", async () => {
    const { payout, replayed } = await create({ amount: "49,999" });
    expect(replayed).toBe(false);
    expect(payout).toMatchObject({ status: "APPROVED", approvalRequired: false, amountMinor: "4999900", wireAmount: "49999", canApprove: false });
    expect(payout.orderNo).toMatch(/^TH\d{8}[A-Z0-9]{10}$/);
    expect(await jobsFor(PAYOUT_DISPATCH, payout.id)).toBe(1);
    const ev = await testDb().select().from(orderEvents).where(eq(orderEvents.payoutId, payout.id)).orderBy(orderEvents.id);
    expect(ev).toMatchObject([{ fromStatus: null, toStatus: "APPROVED", source: "person", actorUserId: finance.user.id }]);
  });

  it("at the threshold: PENDING_APPROVAL and no dispatch job; no threshold row for the currency fails closed", async () => {
    const { payout } = await create({ amount: "50000" });
    expect(payout).toMatchObject({ status: "PENDING_APPROVAL", approvalRequired: true });
    expect(await jobsFor(PAYOUT_DISPATCH, payout.id)).toBe(0);
    const ph = await createPayout({
      ctx: finance.ctx,
      input: createPayoutSchema.parse({ credentialId: cred.m.id, region: "PH", method: "GCASH", account: "09171234567", amount: "100", purpose: "x", receiverName: "Juan Dela Cruz" }),
      idempotencyKey: key(),
    });
    expect(ph.payout.status).toBe("PENDING_APPROVAL");
  });

  it("100 concurrent calls with one Idempotency-Key create one pay-out, and the gateway shows its orderNo once", async () => {
    const k = key();
    // An account of its own: the earlier pay-outs to the default account count against the threshold (splitting).
    const input = parse({ amount: "2500", account: "1122000001" });
    const results = await Promise.all(Array.from({ length: 100 }, () => createPayout({ ctx: finance.ctx, input, idempotencyKey: k })));
    const ids = new Set(results.map((r) => r.payout.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const id = results[0]?.payout.id ?? 0;
    expect(await testDb().select({ id: payouts.id }).from(payouts).where(eq(payouts.idempotencyKey, k))).toHaveLength(1);
    expect(await jobsFor(PAYOUT_DISPATCH, id)).toBe(1);
    // Even if the job ran twice at once, one run sends; the other skips, or (finding SENDING) never resends and
    // leaves it to inquiry.
    const runs = await Promise.all([dispatchPayout(testDb(), id), dispatchPayout(testDb(), id)]);
    expect(runs.filter((r) => r.kind === "sent")).toHaveLength(1);
    expect(await gatewayOrders(results[0]?.payout.orderNo ?? "")).toBe(1);
    const [row] = await testDb().select({ status: payouts.status }).from(payouts).where(eq(payouts.id, id));
    if (row?.status === "UNKNOWN") expect(await jobsFor(PAYOUT_INQUIRY, id)).toBe(1);
    else expect(row?.status).toBe("PROCESSING");
  });

  it("the same key with another body is a 409 that says so; a used orderNo is a 409 on the orderNo field", async () => {
    const k = key();
    await create({ amount: "1000" }, k);
    await expect(create({ amount: "1001" }, k)).rejects.toMatchObject({ code: "conflict", fields: { idempotencyKey: expect.any(String) } });
    const first = await create({ orderNo: `TH${Date.now()}` });
    await expect(create({ orderNo: first.payout.orderNo })).rejects.toMatchObject({ code: "conflict", fields: { orderNo: expect.any(String) } });
  });

  it("a credential outside the user's merchants or disabled is refused on the field", async () => {
    const outsider = await person("finance", { allMerchants: false });
    await expect(create({}, key(), outsider)).rejects.toMatchObject({ code: "invalid_input", fields: { credentialId: expect.any(String) } });
  });
});

describe("approve and reject", () => {
  it("the creator cannot approve: refused in code, and the database check refuses it too", async () => {
    const approver = await person("approver");
    const { payout } = await create({ amount: "60000" }, key(), approver);
    await expect(approvePayout({ ctx: approver.ctx, id: payout.id, input: { code: approver.code(), contentHash: payout.contentHash } })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(payout.canApprove).toBe(false);
    // Bypassing the code path: the transition's UPDATE is refused by payouts_approver_not_creator.
    const err = await testDb()
      .transaction((tx) =>
        transitionOrder(withDb(approver.ctx, tx), { type: "payout", id: payout.id, to: "APPROVED", source: "person", set: { approvedBy: approver.user.id } }),
      )
      .catch((e: unknown) => e);
    expect(pgErrorCode(err)).toBe("23514");
    const [row] = await testDb().select().from(payouts).where(eq(payouts.id, payout.id));
    expect(row).toMatchObject({ status: "PENDING_APPROVAL", approvedBy: null });
  });

  it("a second person approves with a TOTP code used once and the hash they saw; the dispatch job commits with it", async () => {
    const { payout } = await create({ amount: "60000" });
    const approver = await person("approver");
    const detail = await getOrder({ ctx: approver.ctx, kind: "payout", id: payout.id });
    expect(detail.payout.canApprove).toBe(true);
    await expect(
      approvePayout({ ctx: approver.ctx, id: payout.id, input: { code: approver.code(), contentHash: "0".repeat(64) } }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(approvePayout({ ctx: approver.ctx, id: payout.id, input: { code: "000000", contentHash: payout.contentHash } })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { code: expect.any(String) },
    });
    const code = approver.code();
    const approved = await approvePayout({ ctx: approver.ctx, id: payout.id, input: { code, contentHash: detail.payout.contentHash } });
    expect(approved).toMatchObject({ status: "APPROVED", approvedBy: { id: approver.user.id } });
    const [row] = await testDb().select().from(payouts).where(eq(payouts.id, payout.id));
    expect(row?.approvedHash).toBe(payout.contentHash);
    expect(await jobsFor(PAYOUT_DISPATCH, payout.id)).toBe(1);
    // The same code a second time (another pay-out) is refused: it was used up.
    const other = await create({ amount: "70000" });
    await expect(approvePayout({ ctx: approver.ctx, id: other.payout.id, input: { code, contentHash: other.payout.contentHash } })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("approving a selection: one code for the list; each pay-out bound to its hash; one refusal does not stop the others", async () => {
    const a = await create({ amount: "60000" });
    const b = await create({ amount: "61000" });
    const stale = await create({ amount: "62000" });
    const approver = await person("approver");
    const own = await createPayout({ ctx: approver.ctx, input: parse({ amount: "63000" }), idempotencyKey: key() });
    const code = approver.code();
    const { results } = await approvePayouts({
      ctx: approver.ctx,
      input: {
        code,
        items: [
          { id: a.payout.id, contentHash: a.payout.contentHash },
          { id: own.payout.id, contentHash: own.payout.contentHash },
          { id: stale.payout.id, contentHash: "0".repeat(64) },
          { id: b.payout.id, contentHash: b.payout.contentHash },
        ],
      },
    });
    expect(results).toEqual([
      { id: a.payout.id, ok: true, status: "APPROVED" },
      { id: own.payout.id, ok: false, error: expect.objectContaining({ code: "forbidden" }) },
      { id: stale.payout.id, ok: false, error: expect.objectContaining({ code: "conflict" }) },
      { id: b.payout.id, ok: true, status: "APPROVED" },
    ]);
    expect(await jobsFor(PAYOUT_DISPATCH, a.payout.id)).toBe(1);
    expect(await jobsFor(PAYOUT_DISPATCH, stale.payout.id)).toBe(0);
    const [left] = await testDb().select({ status: payouts.status }).from(payouts).where(eq(payouts.id, stale.payout.id));
    expect(left?.status).toBe("PENDING_APPROVAL");
    // The code was used up by the selection: the same code again approves nothing.
    await expect(
      approvePayouts({ ctx: approver.ctx, input: { code, items: [{ id: stale.payout.id, contentHash: stale.payout.contentHash }] } }),
    ).rejects.toMatchObject({ code: "invalid_input", fields: { code: expect.any(String) } });
  });

  it("an approval voided by a change of content: the dispatcher cancels instead of sending", async () => {
    const { payout } = await create({ amount: "60000" });
    const approver = await person("approver");
    await approvePayout({ ctx: approver.ctx, id: payout.id, input: { code: approver.code(), contentHash: payout.contentHash } });
    await testDb().update(payouts).set({ contentHash: "f".repeat(64) }).where(eq(payouts.id, payout.id));
    expect(await dispatchPayout(testDb(), payout.id)).toMatchObject({ kind: "cancelled" });
    expect(await gatewayOrders(payout.orderNo)).toBe(0);
    const [row] = await testDb().select({ status: payouts.status }).from(payouts).where(eq(payouts.id, payout.id));
    expect(row?.status).toBe("CANCELLED");
  });

  it("reject: final with the reason; never by the creator; a decided pay-out cannot be approved", async () => {
    const { payout } = await create({ amount: "60000" });
    await expect(rejectPayout({ ctx: finance.ctx, id: payout.id, input: { reason: "no" } })).rejects.toMatchObject({ code: "forbidden" });
    const approver = await person("approver");
    const r = await rejectPayout({ ctx: approver.ctx, id: payout.id, input: { reason: "Wrong beneficiary" } });
    expect(r).toMatchObject({ status: "REJECTED", rejectReason: "Wrong beneficiary", rejectedBy: { id: approver.user.id } });
    await expect(approvePayout({ ctx: approver.ctx, id: payout.id, input: { code: approver.code(), contentHash: payout.contentHash } })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("list and export", () => {
  it("keyset pages cover the filtered set once each, newest first; support sees accounts masked", async () => {
    const creator = await person("finance");
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await create({ amount: String(1000 + i), account: `98765432${10 + i}` }, key(), creator)).payout.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listOrders({ ctx: creator.ctx, kind: "payout", input: listPayoutsSchema.parse({ createdBy: creator.user.id, limit: 3, cursor }) });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    // The approvals queue reads oldest first, with the same keyset cursor.
    const oldest: number[] = [];
    cursor = undefined;
    do {
      const page: PayoutPage = await listOrders({ ctx: creator.ctx, kind: "payout", input: listPayoutsSchema.parse({ createdBy: creator.user.id, limit: 3, cursor, order: "oldest" }) });
      oldest.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(oldest).toEqual(made);
    const byAmount = await listOrders({ ctx: creator.ctx, kind: "payout", input: listPayoutsSchema.parse({ createdBy: creator.user.id, region: "TH", minAmount: "1,003", maxAmount: "1004" }) });
    expect(byAmount.items.map((p) => p.amountMinor)).toEqual(["100400", "100300"]);
    const support = await person("support");
    const masked = await listOrders({ ctx: support.ctx, kind: "payout", input: listPayoutsSchema.parse({ createdBy: creator.user.id, limit: 1 }) });
    expect(masked.items[0]?.account).toMatch(/^•+3216$/);
    const detail = await getOrder({ ctx: support.ctx, kind: "payout", id: made[6] ?? 0 });
    expect(JSON.stringify(detail)).not.toContain("9876543216");
  });

  it("CSV export streams the filtered set and defuses formula cells", async () => {
    const creator = await person("finance");
    await testDb().update(users).set({ name: "=HYPERLINK(\"x\")" }).where(eq(users.id, creator.user.id));
    for (let i = 0; i < 3; i++) await create({ amount: String(2000 + i), purpose: i === 0 ? "@SUM(A1)" : "ok" }, key(), creator);
    const res = await exportOrderListCsv({ ctx: creator.ctx, kind: "payout", input: listPayoutsSchema.parse({ createdBy: creator.user.id }) });
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines.join("\n")).toContain("'@SUM(A1)");
    expect(lines.join("\n")).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines.join("\n")).not.toMatch(/,=|,@/);
  });

  it("a stored row the region cannot send (THB with satang) is exported with an empty wire amount, not a failed export", async () => {
    const creator = await person("finance");
    await storePayoutRow(testDb(), { merchantId: cred.m.id, createdBy: creator.user.id, amountMinor: 150_050n, status: "CANCELLED" });
    await create({ amount: "2000" }, key(), creator);
    const res = await exportOrderListCsv({ ctx: creator.ctx, kind: "payout", input: listPayoutsSchema.parse({ createdBy: creator.user.id }) });
    const rows = (await res.text()).trim().split("\r\n");
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.includes("1,500.50 THB") || r.includes("1500.50"))).toBeDefined();
  });
});
