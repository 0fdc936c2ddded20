import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, merchants, payoutBatches, payouts } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/sessions";
import { createBatch } from "@/lib/payout-batches/create-batch";
import { sealApproval, storedFacts } from "@/lib/payouts/approval-seal";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayouts } from "@/lib/gateway-work/dispatch-payouts";
import type { WaitingPage } from "@/lib/payout-batches/list-waiting";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { testDb } from "../helpers/db";
import { gatewayCredential, gatewayOrders, key, person, sandboxForFile, thai } from "../payouts/helpers";

// The route handlers as Next runs them, with the session lookup replaced by "this user is signed in".
const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn.user }));

const { POST: approveOneRoute } = await import("@/app/api/payouts/[id]/approve/route");
const { POST: approveSelectionRoute } = await import("@/app/api/payouts/approve/route");
const { GET: waitingRoute } = await import("@/app/api/payouts/waiting/route");

let cred: Awaited<ReturnType<typeof gatewayCredential>>;
let finance: Awaited<ReturnType<typeof person>>;

const sb = sandboxForFile(); // THB threshold 50,000.00
beforeAll(() => {
  ({ cred, finance } = sb);
});

const post = (url: string, body: unknown) =>
  new Request(`http://app.test${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** A run of `n` THB 60,000 rows (each over the threshold): it waits for a second person. */
async function waitingRun(n = 3) {
  const tag = randomBytes(4).toString("hex");
  const lines = ["region,method,account,amount,purpose", ...Array.from({ length: n }, (_, i) => `TH,KBANK,${3_200_000_000 + Number.parseInt(tag.slice(0, 5), 16) * 10 + i},60000,Run ${tag}`)];
  const { batch } = await createBatch({
    ctx: finance.ctx,
    input: { credentialId: cred.m.id, fileName: `run-${tag}.csv`, bytes: new TextEncoder().encode(`${lines.join("\r\n")}\r\n`), idempotencyKey: key(), confirmDuplicate: false },
  });
  expect(batch.status).toBe("PENDING_APPROVAL");
  const rows = await testDb().select().from(payouts).where(eq(payouts.batchId, batch.id)).orderBy(asc(payouts.id));
  return { batch, rows };
}

const statusesOf = async (batchId: number) => (await testDb().select({ s: payouts.status }).from(payouts).where(eq(payouts.batchId, batchId))).map((r) => r.s);

describe("a run's rows are approved only with their run", () => {
  it("approving one row of a waiting run is refused 409 naming the run, alone and in a selection; nothing is approved or sent", async () => {
    const { batch, rows } = await waitingRun();
    const row = rows[0];
    if (!row) throw new Error("no row");
    const approver = await person("approver");
    signedIn.user = approver.ctx.user;

    const one = await approveOneRoute(post(`/api/payouts/${row.id}/approve`, { code: approver.code(), contentHash: row.contentHash }), { params: Promise.resolve({ id: String(row.id) }) });
    expect(one.status).toBe(409);
    const oneBody = (await one.json()) as { error: { code: string; message: string } };
    expect(oneBody.error).toMatchObject({ code: "conflict", message: expect.stringContaining(`run ${batch.id}`) });

    // A single pay-out in the same selection is not approved either: the selection is refused whole.
    const single = (await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, account: "3299999999", amount: "60000" })), idempotencyKey: key() })).payout;
    const many = await approveSelectionRoute(
      post("/api/payouts/approve", { code: (await person("approver")).code(), items: [{ id: single.id, contentHash: single.contentHash }, ...rows.map((r) => ({ id: r.id, contentHash: r.contentHash }))] }),
      { params: Promise.resolve({}) },
    );
    expect(many.status).toBe(409);
    expect(((await many.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "conflict", message: expect.stringContaining(`run ${batch.id}`) });

    expect(await statusesOf(batch.id)).toEqual(["PENDING_APPROVAL", "PENDING_APPROVAL", "PENDING_APPROVAL"]);
    const [s] = await testDb().select({ status: payouts.status }).from(payouts).where(eq(payouts.id, single.id));
    expect(s?.status).toBe("PENDING_APPROVAL");
    await dispatchPayouts(testDb(), rows.map((r) => r.id));
    for (const r of rows) expect(await gatewayOrders(r.orderNo)).toBe(0);
  });

  it("the approvals queue lists a waiting run as one item with its totals, and never its rows; single pay-outs stay listed", async () => {
    const { batch, rows } = await waitingRun(3);
    const single = (await createPayout({ ctx: finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: cred.m.id, account: "3288888888", amount: "70000" })), idempotencyKey: key() })).payout;
    signedIn.user = (await person("approver")).ctx.user;
    const ids: number[] = [];
    let runs: WaitingPage["runs"] = [];
    let cursor: string | null = null;
    do {
      const res = await waitingRoute(new Request(`http://app.test/api/payouts/waiting?limit=200${cursor ? `&cursor=${cursor}` : ""}`), { params: Promise.resolve({}) });
      expect(res.status).toBe(200);
      const page = (await res.json()) as WaitingPage;
      ids.push(...page.items.map((p) => p.id));
      if (!cursor) runs = page.runs;
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toContain(single.id);
    for (const r of rows) expect(ids).not.toContain(r.id);
    expect(runs.find((r) => r.id === batch.id)).toMatchObject({
      id: batch.id,
      rowCount: 3,
      canApprove: true,
      createdBy: { id: finance.user.id },
      totals: [{ currency: "THB", count: 3, totalMinor: "18000000", total: "180,000.00 THB" }],
    });
  });

  it("the dispatcher never sends a row of a run waiting for approval, even with its status forced to APPROVED and a valid seal: cancelled, flagged, audited", async () => {
    const { batch, rows } = await waitingRun(2);
    const [bare, sealed] = rows;
    if (!bare || !sealed) throw new Error("rows missing");
    const [m] = await testDb().select().from(merchants).where(eq(merchants.id, cred.m.id));
    if (!m) throw new Error("no credential");
    // As the old one-row approval did: the row APPROVED (and, for the second, sealed) while its run still waits.
    await testDb().update(payouts).set({ status: "APPROVED", approvedHash: bare.contentHash }).where(eq(payouts.id, bare.id));
    await testDb()
      .update(payouts)
      .set({ status: "APPROVED", approvedHash: sealed.contentHash, approvalSeal: sealApproval(storedFacts(sealed, m)) })
      .where(eq(payouts.id, sealed.id));

    const results = await dispatchPayouts(testDb(), [bare.id, sealed.id]);
    expect(results.map((r) => r.kind)).toEqual(["cancelled", "cancelled"]);
    expect(results[1]).toMatchObject({ reason: expect.stringContaining(`run ${batch.id} is PENDING_APPROVAL, not approved`) });
    for (const r of rows) expect(await gatewayOrders(r.orderNo)).toBe(0);
    const [after] = await testDb().select().from(payouts).where(eq(payouts.id, sealed.id));
    expect(after).toMatchObject({ status: "CANCELLED", flagReason: expect.stringContaining(`run ${batch.id}`) });
    expect(after?.flaggedAt).toBeInstanceOf(Date);
    const audits = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "payout.refused_at_dispatch"), eq(auditLog.targetId, String(sealed.id))));
    expect(audits).toHaveLength(1);
    const [run] = await testDb().select({ status: payoutBatches.status }).from(payoutBatches).where(eq(payoutBatches.id, batch.id));
    expect(run?.status).toBe("PENDING_APPROVAL");
  });
});
