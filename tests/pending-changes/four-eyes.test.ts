import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalThresholds, auditLog, merchants, pendingChanges, userMerchants, users } from "@/db/schema";
import { stopQueue } from "@/lib/jobs/queue";
import { setApprovalThresholds } from "@/lib/merchants/approval-thresholds";
import { generateKeyPair } from "@/lib/merchants/generate-key-pair";
import { setApprovalThresholdsSchema, updateCredentialSchema } from "@/lib/merchants/schemas";
import { updateCredential } from "@/lib/merchants/update-credential";
import { approveChange, rejectChange } from "@/lib/pending-changes/decide-change";
import { listPendingChanges } from "@/lib/pending-changes/list-changes";
import { createUser } from "@/lib/users/create-user";
import { createUserSchema, updateUserSchema } from "@/lib/users/schemas";
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
});

describe("credentials", () => {
  const input = (m: { merchantId: string; name: string }, over: Record<string, unknown> = {}) =>
    updateCredentialSchema.parse({ merchantId: m.merchantId, name: m.name, environment: "sandbox", platformPublicKey: PLATFORM_PUBLIC, merchantSecret: "", privateKey: "", ...over });

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

describe("the last admin", () => {
  it("demoting the last enabled admin to finance is refused at once (409), not stored as a pending change", async () => {
    const only = await createUserRow(testDb(), { role: "admin" });
    // The only enabled admin for the moment: the others (this file's a and b included) are disabled, then restored.
    const before = await testDb().$count(pendingChanges);
    const others = await testDb()
      .update(users)
      .set({ disabledAt: new Date() })
      .where(and(eq(users.role, "admin"), sql`${users.id} <> ${only.id}`, sql`${users.disabledAt} is null`))
      .returning({ id: users.id });
    try {
      await expect(updateUser({ ctx: a.ctx, id: only.id, input: updateUserSchema.parse({ role: "finance" }) })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/last admin/) });
      expect(await testDb().$count(pendingChanges)).toBe(before);
    } finally {
      for (const o of others) await testDb().update(users).set({ disabledAt: null }).where(eq(users.id, o.id));
    }
  });
});
