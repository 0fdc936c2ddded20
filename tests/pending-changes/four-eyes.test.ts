import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalThresholds, auditLog, merchantAccounts, merchants, pendingChanges, userMerchants, users } from "@/db/schema";
import { stopQueue } from "@/lib/jobs/queue";
import { setApprovalThresholds } from "@/lib/merchants/approval-thresholds";
import { generateKeyPair } from "@/lib/merchants/generate-key-pair";
import { createCredential } from "@/lib/merchants/create-credential";
import { createCredentialSchema, setApprovalThresholdsSchema, updateCredentialSchema } from "@/lib/merchants/schemas";
import { updateCredential } from "@/lib/merchants/update-credential";
import { approveChange, rejectChange } from "@/lib/approvals/decide-change";
import { listPendingChanges } from "@/lib/approvals/list-changes";
import { createUser } from "@/lib/users/create-user";
import { createUserSchema, updateUserSchema } from "@/lib/users/schemas";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { updateUser } from "@/lib/users/update-user";
import { testDb } from "../helpers/db";
import { appOrigin } from "@/lib/merchants/callback-url-policy";
import { createMerchant, createUser as createUserRow } from "../helpers/factories";
import { MERCHANT_PRIVATE, PLATFORM_PUBLIC } from "../helpers/fixtures";
import { person } from "../payouts/helpers";

let a: Awaited<ReturnType<typeof person>>;
let b: Awaited<ReturnType<typeof person>>;
beforeAll(async () => {
  a = await person("admin");
  b = await person("admin");
});
afterAll(() => stopQueue());

const thb = async (merchantId: number) =>
  (await testDb().select().from(approvalThresholds).where(and(eq(approvalThresholds.merchantId, merchantId), eq(approvalThresholds.currency, "THB"))))[0]?.minAmountMinor ?? null;
const changeRow = async (id: number) => (await testDb().select().from(pendingChanges).where(eq(pendingChanges.id, id)))[0];
const approve = (who: typeof a, id: number) => approveChange({ ctx: who.ctx, id, input: { code: who.code() } });
/** Each approval uses a code once: the next one for the same admin needs the next 30-second step, so reset it. */
const fresh = async (who: typeof a) => testDb().update(users).set({ totpLastStep: null }).where(eq(users.id, who.user.id));

describe("thresholds", () => {
  it("raising waits for another admin; lowering applies at once; the requester cannot approve; the other admin can", async () => {
    const m = await createMerchant(testDb());
    await testDb().insert(approvalThresholds).values({ merchantId: m.id, currency: "THB", minAmountMinor: 50_000_00n });
    const raised = await setApprovalThresholds({ ctx: a.ctx, id: m.id, input: setApprovalThresholdsSchema.parse({ THB: "2,000,000", PHP: "100" }) });
    // PHP had no threshold (every pay-out needed approval): setting one loosens too.
    expect(raised.pendingChange).toMatchObject({ kind: "approval_thresholds", message: expect.stringContaining("only after another admin approves") });
    expect(await thb(m.id)).toBe(50_000_00n);
    const id = raised.pendingChange?.id ?? 0;

    await fresh(a);
    await expect(approve(a, id)).rejects.toMatchObject({ code: "forbidden" });
    // The database refuses it too.
    await expect(
      testDb().update(pendingChanges).set({ status: "approved", decidedBy: a.user.id, decidedAt: new Date() }).where(eq(pendingChanges.id, id)),
    ).rejects.toMatchObject({ cause: { constraint_name: "pending_changes_approver_not_requester" } });

    const lowered = await setApprovalThresholds({ ctx: a.ctx, id: m.id, input: setApprovalThresholdsSchema.parse({ BRL: "" }) });
    expect(lowered.pendingChange).toBeNull();

    await fresh(b);
    expect(await approve(b, id)).toMatchObject({ status: "approved" });
    expect(await thb(m.id)).toBe(2_000_000_00n);
    expect((await changeRow(id))?.decidedBy).toBe(b.user.id);
    const actions = (await testDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, String(m.id)))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["pending_change.requested", "pending_change.approved", "credential.approval_thresholds_changed"]));
    await fresh(b);
    await expect(approve(b, id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("a target changed since the request is refused at approval; a wrong code is refused; reject closes it", async () => {
    const m = await createMerchant(testDb());
    await testDb().insert(approvalThresholds).values({ merchantId: m.id, currency: "THB", minAmountMinor: 50_000_00n });
    const r = await setApprovalThresholds({ ctx: a.ctx, id: m.id, input: setApprovalThresholdsSchema.parse({ THB: "60,000" }) });
    const id = r.pendingChange?.id ?? 0;
    await expect(approveChange({ ctx: b.ctx, id, input: { code: "000000" } })).rejects.toMatchObject({ code: "invalid_input", fields: { code: expect.any(String) } });
    await testDb().update(approvalThresholds).set({ minAmountMinor: 10_000_00n }).where(eq(approvalThresholds.merchantId, m.id));
    await fresh(b);
    await expect(approve(b, id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/changed since/) });
    expect(await thb(m.id)).toBe(10_000_00n);
    expect(await rejectChange({ ctx: b.ctx, id, input: { reason: "stale" } })).toMatchObject({ status: "rejected" });
    expect((await changeRow(id))?.reason).toBe("stale");
  });
});

describe("users", () => {
  it("a finance user is created only when another admin approves; the hash of its one-time password waits encrypted", async () => {
    const email = `fin-${Date.now()}@four-eyes.test`;
    const r = await createUser({ ctx: a.ctx, input: createUserSchema.parse({ email, name: "Fin", role: "finance", allMerchants: true }) });
    expect(r.user).toBeNull();
    expect(r.oneTimePassword).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(await testDb().$count(users, eq(users.email, email))).toBe(0);
    const row = await changeRow(r.pendingChange?.id ?? 0);
    expect(row?.secretEnc).toMatch(/^v1:/);
    expect(JSON.stringify(row?.payload)).not.toContain("argon2");
    // The list shows it to every admin, never its secret.
    const listed = (await listPendingChanges({ ctx: b.ctx })).pending.find((c) => c.id === row?.id);
    expect(listed).toMatchObject({ canApprove: true, carriesSecret: true });
    expect(JSON.stringify(listed)).not.toContain("v1:");
    await fresh(b);
    await approve(b, row?.id ?? 0);
    expect(await testDb().$count(users, and(eq(users.email, email), eq(users.role, "finance")))).toBe(1);
    // A support user is made at once.
    const s = await createUser({ ctx: a.ctx, input: createUserSchema.parse({ email: `sup-${Date.now()}@four-eyes.test`, name: "Sup", role: "support" }) });
    expect(s.pendingChange).toBeNull();
    expect(s.user?.role).toBe("support");
  });

  it("granting a money role or widening a money role's merchants waits; removing a role or narrowing applies at once", async () => {
    const m1 = await createMerchant(testDb());
    const m2 = await createMerchant(testDb());
    const target = await createUserRow(testDb(), { role: "support" });
    const grant = await updateUser({ ctx: a.ctx, id: target.id, input: updateUserSchema.parse({ role: "approver" }) });
    expect(grant.pendingChange?.summary).toMatch(/Support → Approver/);
    expect(grant.role).toBe("support");

    const fin = await createUserRow(testDb(), { role: "finance" });
    await testDb().insert(userMerchants).values({ userId: fin.id, merchantId: m1.id });
    const widen = await updateUser({ ctx: a.ctx, id: fin.id, input: updateUserSchema.parse({ merchantIds: [m1.id, m2.id] }) });
    expect(widen.pendingChange).not.toBeNull();
    expect((await updateUser({ ctx: a.ctx, id: fin.id, input: updateUserSchema.parse({ allMerchants: true }) })).pendingChange).not.toBeNull();
    const narrow = await updateUser({ ctx: a.ctx, id: fin.id, input: updateUserSchema.parse({ merchantIds: [] }) });
    expect(narrow).toMatchObject({ pendingChange: null, merchantIds: [] });
    // The widening was requested against the old scope: refused now.
    await fresh(b);
    await expect(approve(b, widen.pendingChange?.id ?? 0)).rejects.toMatchObject({ code: "conflict" });

    const approver = await createUserRow(testDb(), { role: "approver" });
    expect((await updateUser({ ctx: a.ctx, id: approver.id, input: updateUserSchema.parse({ role: "finance" }) })).pendingChange).toBeNull();
    await fresh(b);
    await approve(b, grant.pendingChange?.id ?? 0);
    expect((await testDb().select({ role: users.role }).from(users).where(eq(users.id, target.id)))[0]?.role).toBe("approver");
  });
  it("granting the reveal permission waits for another admin; taking it away applies at once", async () => {
    const support = await createUserRow(testDb(), { role: "support" });
    const canReveal = async () => (await testDb().select({ r: users.canReveal }).from(users).where(eq(users.id, support.id)))[0]?.r;
    const grant = await updateUser({ ctx: a.ctx, id: support.id, input: updateUserSchema.parse({ canReveal: true }) });
    expect(grant.pendingChange).toMatchObject({ kind: "user_update", summary: expect.stringMatching(/may reveal masked/) });
    expect(await canReveal()).toBe(false);
    await fresh(b);
    await approve(b, grant.pendingChange?.id ?? 0);
    expect(await canReveal()).toBe(true);
    const revoke = await updateUser({ ctx: a.ctx, id: support.id, input: updateUserSchema.parse({ canReveal: false }) });
    expect(revoke).toMatchObject({ pendingChange: null, canReveal: false });
  });

  it("enabling a disabled finance user waits for another admin; disabling it, or enabling a support user, applies at once", async () => {
    const fin = await createUserRow(testDb(), { role: "finance" });
    const disabledAt = async (id: number) => (await testDb().select({ d: users.disabledAt }).from(users).where(eq(users.id, id)))[0]?.d ?? null;
    expect((await setUserDisabled({ ctx: a.ctx, id: fin.id, disabled: true })).pendingChange).toBeNull();
    expect(await disabledAt(fin.id)).not.toBeNull();
    const enable = await setUserDisabled({ ctx: a.ctx, id: fin.id, disabled: false });
    expect(enable.pendingChange).toMatchObject({ kind: "user_enable", summary: expect.stringMatching(/enable again \(Finance\)/) });
    expect(await disabledAt(fin.id)).not.toBeNull();
    await fresh(b);
    await approve(b, enable.pendingChange?.id ?? 0);
    expect(await disabledAt(fin.id)).toBeNull();

    const sup = await createUserRow(testDb(), { role: "support", disabledAt: new Date() });
    expect((await setUserDisabled({ ctx: a.ctx, id: sup.id, disabled: false })).pendingChange).toBeNull();
    expect(await disabledAt(sup.id)).toBeNull();
  });
});


describe("credentials", () => {
  const input = (m: { merchantId: string; name: string }, over: Record<string, unknown> = {}) =>
    updateCredentialSchema.parse({ merchantId: m.merchantId, name: m.name, environment: "sandbox", platformPublicKey: PLATFORM_PUBLIC, merchantSecret: "", privateKey: "", ...over });

  it("a new credential waits for another admin: it does not exist until approved, then exists with its secret encrypted", async () => {
    const merchantId = `new-${randomBytes(4).toString("hex")}`;
    const secret = "new-credential-secret-5678";
    const input = createCredentialSchema.parse({
      merchantId,
      name: "New one",
      environment: "sandbox",
      platformPublicKey: PLATFORM_PUBLIC,
      merchantSecret: secret,
      privateKey: MERCHANT_PRIVATE,
      accounts: [{ currency: "THB", kind: "payout", accountNo: "1234567890" }],
    });
    const r = await createCredential({ ctx: a.ctx, input });
    expect(r.pendingChange).toMatchObject({ kind: "credential_create", message: expect.stringContaining("only after another admin approves") });
    expect(await testDb().$count(merchants, eq(merchants.merchantId, merchantId))).toBe(0);
    const row = await changeRow(r.pendingChange?.id ?? 0);
    expect(row?.secretEnc).toMatch(/^v1:/);
    expect(JSON.stringify(row?.payload)).not.toContain(secret);
    expect(JSON.stringify(row?.payload)).not.toContain("PRIVATE KEY");
    // The same merchant id again is one request too; whichever is approved first wins, the other is refused.
    const again = await createCredential({ ctx: a.ctx, input });
    await fresh(b);
    const approved = await approve(b, r.pendingChange?.id ?? 0);
    const [m] = await testDb().select().from(merchants).where(eq(merchants.merchantId, merchantId));
    expect(m).toMatchObject({ name: "New one", merchantSecretLast4: "5678" });
    expect(m?.privateKeyEnc).toMatch(/^v1:/);
    expect(approved).toMatchObject({ status: "approved", targetId: m?.id });
    expect(await testDb().$count(merchantAccounts, eq(merchantAccounts.merchantId, m?.id ?? 0))).toBe(1);
    expect((await changeRow(r.pendingChange?.id ?? 0))?.secretEnc).toBeNull();
    await fresh(b);
    await expect(approve(b, again.pendingChange?.id ?? 0)).rejects.toMatchObject({ code: "conflict" });
    // Once it exists, asking again is refused at once, on the field.
    await expect(createCredential({ ctx: a.ctx, input })).rejects.toMatchObject({ code: "conflict", fields: { merchantId: expect.any(String) } });
  });

  it("a new secret, private key or callback URL waits, encrypted; a new name applies at once; the approval applies it", async () => {
    const m = await createMerchant(testDb(), { platformPublicKey: PLATFORM_PUBLIC.replace(/-----[^-]+-----|\s/g, "") });
    const named = await updateCredential({ ctx: a.ctx, id: m.id, input: input(m, { name: "Renamed" }) });
    expect(named).toMatchObject({ name: "Renamed", pendingChange: null });
    const secret = "a-new-merchant-secret-1234";
    const r = await updateCredential({
      ctx: a.ctx,
      id: m.id,
      input: input({ ...m, name: "Renamed" }, { merchantSecret: secret, privateKey: MERCHANT_PRIVATE, callbackBaseUrl: appOrigin() }),
    });
    expect(r.pendingChange?.summary).toMatch(/callback base URL, merchant secret, merchant private key/);
    const row = await changeRow(r.pendingChange?.id ?? 0);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain("PRIVATE KEY");
    const [before] = await testDb().select().from(merchants).where(eq(merchants.id, m.id));
    expect(before?.callbackBaseUrl).toBeNull();
    await fresh(b);
    await approve(b, row?.id ?? 0);
    const [after] = await testDb().select().from(merchants).where(eq(merchants.id, m.id));
    expect(after).toMatchObject({ callbackBaseUrl: appOrigin(), merchantSecretLast4: "1234" });
    expect(after?.privateKeyEnc).not.toBeNull();
    expect((await changeRow(row?.id ?? 0))?.secretEnc).toBeNull();
  });

  it("the first key pair applies at once; replacing it waits", async () => {
    const m = await createMerchant(testDb());
    expect((await generateKeyPair({ ctx: a.ctx, id: m.id })).pendingChange).toBeNull();
    const [first] = await testDb().select({ pk: merchants.publicKey }).from(merchants).where(eq(merchants.id, m.id));
    const again = await generateKeyPair({ ctx: a.ctx, id: m.id });
    expect(again.pendingChange?.kind).toBe("credential_key_pair");
    expect((await testDb().select({ pk: merchants.publicKey }).from(merchants).where(eq(merchants.id, m.id)))[0]?.pk).toBe(first?.pk);
    await fresh(b);
    await approve(b, again.pendingChange?.id ?? 0);
    expect((await testDb().select({ pk: merchants.publicKey }).from(merchants).where(eq(merchants.id, m.id)))[0]?.pk).toBe(again.publicKey);
    expect(await testDb().execute(sql`select 1`)).toBeTruthy();
  });
});
