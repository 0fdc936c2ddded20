import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { auditLog, orderEvents, payoutBatches, payouts } from "@/db/schema";
import { keyringFrom } from "@/lib/crypto/secret-box";
import { batchHash, createBatch } from "@/lib/payout-batches/create-batch";
import { approveBatch } from "@/lib/payout-batches/decide-batch";
import { sealApproval, sealMatches, storedFacts } from "@/lib/payouts/approval-seal";
import { approvePayout } from "@/lib/payouts/approve-payout";
import { storedContentHash } from "@/lib/payouts/content-hash";
import { createPayout } from "@/lib/payouts/create-payout";
import { dispatchPayout, dispatchPayouts } from "@/lib/gateway-work/dispatch-payouts";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { testDb } from "../helpers/db";
import { gatewayOrders, key, person, thai, sandboxForFile } from "./helpers";

/** The insider: the app's own database role, which may write pay-outs (and recompute any plain hash). */
const app = postgres(inject("appDatabaseUrl"), { max: 1, onnotice: () => undefined });

const sb = sandboxForFile(); // THB threshold 50,000.00
afterAll(async () => {
  await app.end({ timeout: 5 });
});

let n = 0;
const freshAccount = () => `57${String(Date.now() % 1e6).padStart(6, "0")}${String(++n).padStart(2, "0")}`;
const create = (amount: string, purpose = "Invoice 77") =>
  createPayout({ ctx: sb.finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: sb.cred.m.id, account: freshAccount(), amount, purpose })), idempotencyKey: key() });
const rowOf = async (id: number) => {
  const [r] = await testDb().select().from(payouts).where(eq(payouts.id, id));
  if (!r) throw new Error(`no pay-out ${id}`);
  return r;
};

/**
 * What an insider does: change columns of the row, then recompute the plain SHA-256 content hash (and the approved
 * hash) from the new columns, exactly as lib/payouts/content-hash.ts does, so every plain check agrees.
 */
async function insiderEdit(id: number, edit: { cashAccount?: string; amountMinor?: bigint; purpose?: string }) {
  const edited = { ...(await rowOf(id)), ...edit };
  const hash = storedContentHash(edited, sb.cred.m);
  await app`update payouts set cash_account = ${edited.cashAccount}, amount_minor = ${edited.amountMinor.toString()}, purpose = ${edited.purpose},
            content_hash = ${hash}, approved_hash = case when approved_hash is null then null else ${hash} end where id = ${id}`;
}

async function expectRefusedAsChanged(id: number) {
  const r = await rowOf(id);
  expect(r).toMatchObject({ status: "CANCELLED", flagReason: expect.stringMatching(/changed after approval/) });
  expect(r.flaggedAt).toBeInstanceOf(Date);
  expect(await gatewayOrders(r.orderNo)).toBe(0);
  const [ev] = await testDb().select().from(orderEvents).where(and(eq(orderEvents.payoutId, id), eq(orderEvents.toStatus, "CANCELLED")));
  expect(ev).toMatchObject({ source: "system", note: expect.stringMatching(/^not sent: changed after approval/) });
  const audits = await testDb().select().from(auditLog).where(and(eq(auditLog.targetType, "payout"), eq(auditLog.targetId, String(id)), eq(auditLog.action, "payout.refused_at_dispatch")));
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ actorKind: "system", actorName: "dispatcher", after: { reason: expect.stringMatching(/changed after approval/), flagged: true } });
}

/** A code is accepted once: each approval in this file is by a new approver. */
async function approve(id: number, contentHash: string) {
  const approver = await person("approver");
  await approvePayout({ ctx: approver.ctx, id, input: { code: approver.code(), contentHash } });
}

async function approved(amount: string) {
  const { payout } = await create(amount);
  expect(payout.status).toBe("PENDING_APPROVAL");
  await approve(payout.id, payout.contentHash);
  return payout;
}

describe("an approval is sealed with a key the database does not hold", () => {
  it("an insider who changes an approved pay-out's account and recomputes the plain hashes: cancelled as changed after approval, flagged, audited, never sent", async () => {
    const payout = await approved("60,000");
    await insiderEdit(payout.id, { cashAccount: "9999999996" });
    expect(await dispatchPayout(testDb(), payout.id)).toMatchObject({ kind: "cancelled", reason: expect.stringMatching(/changed after approval/) });
    await expectRefusedAsChanged(payout.id);
  });

  it("the same for the amount (60,000 made 90,000) and for the purpose alone: the purpose is part of what was approved", async () => {
    const a = await approved("60,000");
    await insiderEdit(a.id, { amountMinor: 90_000_00n });
    const b = await approved("60,000");
    await insiderEdit(b.id, { purpose: "Invoice 78" });
    expect(await dispatchPayouts(testDb(), [a.id, b.id])).toMatchObject([{ kind: "cancelled" }, { kind: "cancelled" }]);
    await expectRefusedAsChanged(a.id);
    await expectRefusedAsChanged(b.id);
  });

  it("an auto-approved pay-out (under the threshold) is sealed at creation: an amount edited with its hash recomputed is never sent", async () => {
    const { payout } = await create("1,000");
    expect(payout.status).toBe("APPROVED");
    await insiderEdit(payout.id, { amountMinor: 49_999_00n });
    expect(await dispatchPayout(testDb(), payout.id)).toMatchObject({ kind: "cancelled" });
    await expectRefusedAsChanged(payout.id);
  });

  it("a seal copied from an approved pay-out onto a waiting one with the same beneficiary and amount does not send it", async () => {
    const account = freshAccount();
    const input = createPayoutSchema.parse(thai({ credentialId: sb.cred.m.id, account, amount: "60,000" }));
    const first = (await createPayout({ ctx: sb.finance.ctx, input, idempotencyKey: key() })).payout;
    const second = (await createPayout({ ctx: sb.finance.ctx, input, idempotencyKey: key() })).payout;
    await approve(first.id, first.contentHash);
    const seal = (await rowOf(first.id)).approvalSeal;
    await app`update payouts set status = 'APPROVED', approval_seal = ${seal}, approved_hash = content_hash where id = ${second.id}`;
    expect(await dispatchPayout(testDb(), second.id)).toMatchObject({ kind: "cancelled" });
    await expectRefusedAsChanged(second.id);
    expect(await dispatchPayout(testDb(), first.id)).toMatchObject({ kind: "sent" });
    expect(await gatewayOrders(first.orderNo)).toBe(1);
  });

  it("a run's approval seals its rows: one row's account changed with the row's and the run's hashes recomputed is not sent; the others are", async () => {
    const tag = randomBytes(4).toString("hex");
    const lines = ["region,method,account,amount,purpose", ...[1, 2, 3].map((i) => `TH,KBANK,${3_100_000_000 + i},60000,Run ${tag}`)];
    const { batch } = await createBatch({
      ctx: sb.finance.ctx,
      input: { credentialId: sb.cred.m.id, fileName: "seal.csv", bytes: new TextEncoder().encode(`${lines.join("\r\n")}\r\n`), idempotencyKey: key(), confirmDuplicate: false },
    });
    expect(batch.status).toBe("PENDING_APPROVAL");
    const approver = await person("approver");
    await approveBatch({ ctx: approver.ctx, id: batch.id, input: { code: approver.code(), contentHash: batch.contentHash ?? "" } });
    const rows = await testDb().select().from(payouts).where(eq(payouts.batchId, batch.id)).orderBy(asc(payouts.id));
    const edited = rows[1];
    if (!edited) throw new Error("row 2 missing");
    await insiderEdit(edited.id, { cashAccount: "9999999996" });
    const hashes = (await testDb().select({ h: payouts.contentHash }).from(payouts).where(eq(payouts.batchId, batch.id)).orderBy(asc(payouts.id))).map((r) => r.h);
    await app`update payout_batches set content_hash = ${batchHash(batch.sha256, hashes)} where id = ${batch.id}`;
    const results = await dispatchPayouts(testDb(), rows.map((r) => r.id));
    expect(results.map((r) => r.kind)).toEqual(["sent", "cancelled", "sent"]);
    await expectRefusedAsChanged(edited.id);
    const [run] = await testDb().select({ status: payoutBatches.status }).from(payoutBatches).where(eq(payoutBatches.id, batch.id));
    expect(run?.status).toBe("APPROVED");
  });

  it("an approval stores a keyed seal of what was approved (never a plain hash); untouched, the pay-out is sent; a seal under a key rotated into APP_ENCRYPTION_OLD_KEYS still verifies", async () => {
    const payout = await approved("60,000");
    const row = await rowOf(payout.id);
    const facts = storedFacts(row, sb.cred.m);
    expect(row.approvalSeal).toMatch(/^s1:k1:[0-9a-f]{64}$/);
    expect(row.approvalSeal).not.toContain(row.contentHash);
    expect(sealMatches(row.approvalSeal, facts)).toBe(true);
    expect(await dispatchPayout(testDb(), payout.id)).toMatchObject({ kind: "sent" });
    expect(await gatewayOrders(payout.orderNo)).toBe(1);

    const old = randomBytes(32).toString("base64");
    const seal = sealApproval(facts, keyringFrom({ id: "k0", key: old }));
    const rotated = keyringFrom({ id: "k1", key: randomBytes(32).toString("base64") }, `k0:${old}`);
    expect(sealMatches(seal, facts, rotated)).toBe(true);
    expect(sealMatches(seal, { ...facts, purpose: `${facts.purpose}.` }, rotated)).toBe(false);
    expect(sealMatches(seal, facts, keyringFrom({ id: "k0", key: randomBytes(32).toString("base64") }))).toBe(false);
  });
});
