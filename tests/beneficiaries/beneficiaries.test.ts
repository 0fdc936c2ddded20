import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, beneficiaries, payouts, userMerchants } from "@/db/schema";
import { createBeneficiary } from "@/lib/beneficiaries/create-beneficiary";
import { archiveBeneficiary, rejectBeneficiary, verifyBeneficiary } from "@/lib/beneficiaries/decide-beneficiary";
import { editBeneficiary } from "@/lib/beneficiaries/edit-beneficiary";
import { getBeneficiary } from "@/lib/beneficiaries/get-beneficiary";
import { listBeneficiaries } from "@/lib/beneficiaries/list-beneficiaries";
import { payBeneficiary } from "@/lib/beneficiaries/pay-beneficiary";
import { createBeneficiarySchema, editBeneficiarySchema, listBeneficiariesSchema, payBeneficiarySchema } from "@/lib/beneficiaries/schemas";
import { dispatchPayout } from "@/lib/gateway-work/dispatch-payouts";
import { approvalNeed } from "@/lib/payouts/approval-need";
import { createPayout } from "@/lib/payouts/create-payout";
import { createPayoutSchema } from "@/lib/payouts/schemas";
import { ownerDb, testDb } from "../helpers/db";
import { createMerchant } from "../helpers/factories";
import { key, person, sandboxForFile, thai } from "../payouts/helpers";

const sb = sandboxForFile();
let credId = 0;
beforeAll(() => {
  credId = sb.cred.m.id;
});

/** A Thai account of the test's own, so tests never share a beneficiary key. */
const account = () => `9${randomBytes(5).readUIntBE(0, 5).toString().padStart(12, "0").slice(0, 9)}`;
const thaiPayee = (over: Record<string, unknown> = {}) => ({ credentialId: credId, region: "TH", method: "KBANK", account: account(), label: "Supplier Co", ...over });
const add = (over: Record<string, unknown> = {}, who = sb.finance) => createBeneficiary({ ctx: who.ctx, input: createBeneficiarySchema.parse(thaiPayee(over)) });
const count = async () => (await testDb().select({ n: sql<number>`count(*)::int` }).from(beneficiaries))[0]?.n ?? 0;
const payoutCount = async () => (await testDb().select({ n: sql<number>`count(*)::int` }).from(payouts))[0]?.n ?? 0;
const pay = (beneficiaryId: number, over: Record<string, unknown> = {}, who = sb.finance) =>
  payBeneficiary({ ctx: who.ctx, input: payBeneficiarySchema.parse({ credentialId: credId, beneficiaryId, amount: "1500", purpose: "Invoice 7", ...over }), idempotencyKey: key() });

/** A beneficiary entered by finance and verified by a fresh approver. */
async function verified(over: Record<string, unknown> = {}) {
  const b = await add(over);
  const approver = await person("approver");
  return verifyBeneficiary({ ctx: approver.ctx, id: b.id, input: { code: approver.code() } });
}

describe("create", () => {
  it("stores a new beneficiary waiting for verification, with an audit row that holds no whole account", async () => {
    const acct = account();
    const b = await add({ account: acct });
    expect(b).toMatchObject({ status: "PENDING_VERIFICATION", account: acct, method: "KBANK", label: "Supplier Co", canPay: false, canVerify: false });
    const [audit] = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "beneficiary.created"), eq(auditLog.targetId, String(b.id))));
    expect(JSON.stringify(audit?.after)).not.toContain(acct);
    expect(JSON.stringify(audit?.after)).toContain(acct.slice(-4));
  });

  it("checks the payee by the pay-out's own region rules: a bad CPF is refused on taxNumber, as a pay-out's is", () => {
    const body = { credentialId: 1, region: "BR", method: "CPF", account: "123.456.789-09", taxNumber: "123.456.789-00", label: "Maria" };
    const b = createBeneficiarySchema.safeParse(body);
    const p = createPayoutSchema.safeParse({ ...body, amount: "10", purpose: "x" });
    const fieldOf = (r: typeof b | typeof p) => (r.success ? null : r.error.issues.find((i) => i.path[0] === "taxNumber")?.message);
    expect(fieldOf(b)).toMatch(/check digits/);
    expect(fieldOf(b)).toBe(fieldOf(p));
    expect(createBeneficiarySchema.safeParse({ ...body, taxNumber: "123.456.789-09" }).success).toBe(true);
  });

  it("a second live beneficiary for the same account and credential is a 409 on account; nothing more is stored", async () => {
    const acct = account();
    await add({ account: acct });
    const before = await count();
    await expect(add({ account: acct, label: "Other name" })).rejects.toMatchObject({ code: "conflict", fields: { account: expect.any(String) } });
    expect(await count()).toBe(before);
  });

  it("a credential outside the user's merchants is refused on the field and stores nothing", async () => {
    const other = await createMerchant(testDb());
    const scoped = await person("finance", { allMerchants: false });
    await testDb().insert(userMerchants).values({ userId: scoped.user.id, merchantId: other.id });
    const before = await count();
    await expect(add({}, scoped)).rejects.toMatchObject({ code: "invalid_input", fields: { credentialId: expect.any(String) } });
    expect(await count()).toBe(before);
  });
});

describe("verify and reject", () => {
  it("the person who entered the details cannot verify them, even as an approver; the database refuses it too", async () => {
    const approver = await person("approver");
    const b = await add({}, approver);
    await expect(verifyBeneficiary({ ctx: approver.ctx, id: b.id, input: { code: approver.code() } })).rejects.toMatchObject({ code: "forbidden" });
    expect((await getBeneficiary({ ctx: approver.ctx, id: b.id })).beneficiary.status).toBe("PENDING_VERIFICATION");
    await expect(testDb().update(beneficiaries).set({ status: "VERIFIED", verifiedBy: approver.user.id }).where(eq(beneficiaries.id, b.id))).rejects.toThrow();
  });

  it("a wrong code changes nothing; the right one verifies, and is used up", async () => {
    const b = await add();
    const approver = await person("approver");
    const good = approver.code();
    const wrong = good === "000000" ? "111111" : "000000";
    await expect(verifyBeneficiary({ ctx: approver.ctx, id: b.id, input: { code: wrong } })).rejects.toMatchObject({ code: "invalid_input", fields: { code: expect.any(String) } });
    expect((await getBeneficiary({ ctx: approver.ctx, id: b.id })).beneficiary.status).toBe("PENDING_VERIFICATION");
    const v = await verifyBeneficiary({ ctx: approver.ctx, id: b.id, input: { code: good } });
    expect(v).toMatchObject({ status: "VERIFIED", verifiedBy: { id: approver.user.id } });
    const next = await add();
    await expect(verifyBeneficiary({ ctx: approver.ctx, id: next.id, input: { code: good } })).rejects.toMatchObject({ fields: { code: expect.any(String) } });
  });

  it("rejected with a reason: it cannot be paid, and a second decision is a conflict", async () => {
    const b = await add();
    const approver = await person("approver");
    const r = await rejectBeneficiary({ ctx: approver.ctx, id: b.id, input: { reason: "Account holder unknown" } });
    expect(r).toMatchObject({ status: "REJECTED", rejectReason: "Account holder unknown", rejectedBy: { id: approver.user.id } });
    await expect(pay(b.id)).rejects.toMatchObject({ code: "invalid_input", fields: { beneficiaryId: expect.any(String) } });
    await expect(verifyBeneficiary({ ctx: approver.ctx, id: b.id, input: { code: approver.code() } })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("edit and archive", () => {
  it("a new label keeps it verified; a new account sends it back to verification, which its editor may not give", async () => {
    const b = await verified();
    const editInput = (over: Record<string, unknown>) => editBeneficiarySchema.parse({ region: "TH", method: "KBANK", account: b.account, label: b.label, ...over });
    const renamed = await editBeneficiary({ ctx: sb.finance.ctx, id: b.id, input: editInput({ label: "Supplier Co (Bangkok)" }) });
    expect(renamed).toMatchObject({ status: "VERIFIED", label: "Supplier Co (Bangkok)" });
    const editor = await person("approver");
    const moved = await editBeneficiary({ ctx: editor.ctx, id: b.id, input: editInput({ account: account() }) });
    expect(moved).toMatchObject({ status: "PENDING_VERIFICATION", submittedBy: { id: editor.user.id }, verifiedBy: null });
    await expect(pay(b.id)).rejects.toMatchObject({ fields: { beneficiaryId: expect.stringMatching(/not verified/) } });
    await expect(verifyBeneficiary({ ctx: editor.ctx, id: b.id, input: { code: editor.code() } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("bad input on edit changes nothing", async () => {
    const b = await verified();
    const bad = editBeneficiarySchema.safeParse({ region: "TH", method: "KBANK", account: "12", label: "x" });
    expect(bad.success).toBe(false);
    const [row] = await testDb().select().from(beneficiaries).where(eq(beneficiaries.id, b.id));
    expect(row).toMatchObject({ status: "VERIFIED", cashAccount: b.account });
  });

  it("archived: gone from the list, not payable, not editable", async () => {
    const b = await verified({ label: `Archive me ${randomBytes(3).toString("hex")}` });
    await archiveBeneficiary({ ctx: sb.finance.ctx, id: b.id, input: {} });
    const list = await listBeneficiaries({ ctx: sb.finance.ctx, input: listBeneficiariesSchema.parse({ q: b.label }) });
    expect(list.items).toHaveLength(0);
    const archived = await listBeneficiaries({ ctx: sb.finance.ctx, input: listBeneficiariesSchema.parse({ q: b.label, archived: "true" }) });
    expect(archived.items.map((i) => i.id)).toEqual([b.id]);
    await expect(pay(b.id)).rejects.toMatchObject({ fields: { beneficiaryId: expect.any(String) } });
    const input = editBeneficiarySchema.parse({ region: "TH", method: "KBANK", account: b.account, label: "again" });
    await expect(editBeneficiary({ ctx: sb.finance.ctx, id: b.id, input })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("pay by beneficiaryId", () => {
  it("copies the beneficiary's details into the pay-out with a link, and the gateway receives its account", async () => {
    const b = await verified();
    const { payout } = await pay(b.id, { amount: "1,234" });
    expect(payout).toMatchObject({ status: "APPROVED", account: b.account, method: "KBANK", amountMinor: "123400" });
    const [row] = await testDb().select().from(payouts).where(eq(payouts.id, payout.id));
    expect(row).toMatchObject({ beneficiaryId: b.id, cashAccount: b.account, merchantId: credId });
    expect((await dispatchPayout(testDb(), payout.id)).kind).toBe("sent");
    const sent = await ownerDb().execute<{ cash_account: string; amount: string }>(
      sql`select request->>'cashAccount' as cash_account, amount from sandbox_gateway.orders where order_no = ${payout.orderNo}`,
    );
    expect(sent).toEqual([{ cash_account: b.account, amount: "1234" }]);
  });

  it("a pending, unknown or other credential's beneficiary is a 400 on beneficiaryId, and no pay-out is written", async () => {
    const pending = await add();
    const elsewhere = await createMerchant(testDb());
    const before = await payoutCount();
    await expect(pay(pending.id)).rejects.toMatchObject({ code: "invalid_input", fields: { beneficiaryId: expect.any(String) } });
    await expect(pay(2_000_000_000)).rejects.toMatchObject({ fields: { beneficiaryId: expect.any(String) } });
    const v = await verified();
    await expect(pay(v.id, { credentialId: elsewhere.id })).rejects.toMatchObject({ fields: { beneficiaryId: expect.any(String) } });
    await expect(pay(v.id, { amount: "abc" })).rejects.toMatchObject({ fields: { amount: expect.any(String) } });
    expect(await payoutCount()).toBe(before);
  });

  it("outside the user's merchants it does not exist: not listed, not readable, not payable", async () => {
    const v = await verified({ label: `Scoped ${randomBytes(3).toString("hex")}` });
    const other = await createMerchant(testDb());
    const scoped = await person("finance", { allMerchants: false });
    await testDb().insert(userMerchants).values({ userId: scoped.user.id, merchantId: other.id });
    expect((await listBeneficiaries({ ctx: scoped.ctx, input: listBeneficiariesSchema.parse({ q: v.label }) })).items).toHaveLength(0);
    await expect(getBeneficiary({ ctx: scoped.ctx, id: v.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(pay(v.id, {}, scoped)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("its pay-outs, by id or typed in to the same account, share the beneficiary key the threshold counts by", async () => {
    const b = await verified();
    const byId = await pay(b.id, { amount: "20000" });
    const typed = await createPayout({ ctx: sb.finance.ctx, input: createPayoutSchema.parse(thai({ credentialId: credId, account: b.account, amount: "20000" })), idempotencyKey: key() });
    const detail = await getBeneficiary({ ctx: sb.finance.ctx, id: b.id });
    expect(detail.payouts.map((p) => [p.id, p.byId]).sort()).toEqual([[byId.payout.id, true], [typed.payout.id, false]].sort());
    const [row] = await testDb().select({ key: payouts.beneficiaryKey }).from(payouts).where(eq(payouts.id, byId.payout.id));
    const need = await approvalNeed(testDb(), { credentialId: credId, currency: "THB", beneficiaryKey: row?.key ?? "", amountMinor: 10_000_00n });
    expect(need).toMatchObject({ required: true, recentTotalMinor: 40_000_00n });
  });

  it("support sees the account and tax number masked", async () => {
    const b = await verified();
    const support = await person("support");
    const seen = (await getBeneficiary({ ctx: support.ctx, id: b.id })).beneficiary;
    expect(seen.account).not.toBe(b.account);
    expect(seen.account.endsWith(b.account.slice(-4))).toBe(true);
  });
});
