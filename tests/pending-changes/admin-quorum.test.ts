import { and, eq, isNull, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { afterAll, describe, expect, it } from "vitest";
import type { Tx } from "@/db";
import { pendingChanges, users } from "@/db/schema";
import { totpAad } from "@/lib/auth/totp";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { stopQueue } from "@/lib/jobs/queue";
import { approveChange } from "@/lib/approvals/decide-change";
import { updateUserSchema } from "@/lib/users/schemas";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { updateUser } from "@/lib/users/update-user";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createUser } from "../helpers/factories";

afterAll(() => stopQueue());

/** Enabled admins, counted here rather than by the code under test. */
const countActiveAdmins = (tx: Tx) => tx.$count(users, and(eq(users.role, "admin"), isNull(users.disabledAt)));

/**
 * The count of active admins is global, and other test files make admins at the same time: each test runs in one
 * rolled-back transaction that holds the users table against other writers, disables every admin there is, and
 * makes its own. Nothing it does is seen by other files.
 */
async function withAdmins(n: number, fn: (tx: Tx, admins: Awaited<ReturnType<typeof adminIn>>[]) => Promise<void>) {
  await withRollback(async (tx) => {
    await tx.execute(sql`lock table users in share row exclusive mode`);
    await tx.update(users).set({ disabledAt: new Date() }).where(and(eq(users.role, "admin"), isNull(users.disabledAt)));
    const admins = [];
    for (let i = 0; i < n; i++) admins.push(await adminIn(tx));
    expect(await countActiveAdmins(tx)).toBe(n);
    await fn(tx, admins);
  });
}

async function adminIn(tx: Tx) {
  const u = await createUser(tx, { role: "admin", allMerchants: true });
  const secret = authenticator.generateSecret(20);
  await tx.update(users).set({ totpSecretEnc: encryptSecret(secret, totpAad(u.id)), totpEnabled: true }).where(eq(users.id, u.id));
  const ctx = ctxFor(tx, { ...u, totpEnabled: true });
  return { user: u, ctx, secret };
}
type Admin = Awaited<ReturnType<typeof adminIn>>;

/** Approve as `who` with a code of the current step (their last accepted step forgotten first: one code per step). */
async function approve(tx: Tx, who: Admin, id: number) {
  await tx.update(users).set({ totpLastStep: null }).where(eq(users.id, who.user.id));
  return approveChange({ ctx: who.ctx, id, input: { code: authenticator.generate(who.secret) } });
}
const userRow = async (tx: Tx, id: number) => (await tx.select().from(users).where(eq(users.id, id)))[0];
const pendingCount = (tx: Tx) => tx.$count(pendingChanges, eq(pendingChanges.status, "pending"));

describe("an admin's role and an admin's account wait for another admin", () => {
  it("demoting or disabling one of three admins is a pending change: nothing changes before another admin approves it", async () => {
    await withAdmins(3, async (tx, [a, b, c]) => {
      if (!a || !b || !c) throw new Error("three admins");
      const demote = await updateUser({ ctx: a.ctx, id: b.user.id, input: updateUserSchema.parse({ role: "support" }) });
      expect(demote.pendingChange).toMatchObject({ kind: "user_update", summary: expect.stringMatching(/Admin → Support/) });
      expect((await userRow(tx, b.user.id))?.role).toBe("admin");
      const disable = await setUserDisabled({ ctx: a.ctx, id: c.user.id, disabled: true });
      expect(disable.pendingChange).toMatchObject({ kind: "user_disable", message: expect.stringContaining("only after another admin approves") });
      expect((await userRow(tx, c.user.id))?.disabledAt).toBeNull();
      expect(await countActiveAdmins(tx)).toBe(3);

      // The requester cannot approve; another admin can (here the one demoted: their own consent).
      await expect(approve(tx, a, demote.pendingChange?.id ?? 0)).rejects.toMatchObject({ code: "forbidden" });
      expect(await approve(tx, b, demote.pendingChange?.id ?? 0)).toMatchObject({ status: "approved" });
      expect((await userRow(tx, b.user.id))?.role).toBe("support");
    });
  });

  it("with two active admins, demoting or disabling the other one is refused (409) and nothing is stored", async () => {
    await withAdmins(2, async (tx, [a, b]) => {
      if (!a || !b) throw new Error("two admins");
      const before = await pendingCount(tx);
      await expect(updateUser({ ctx: a.ctx, id: b.user.id, input: updateUserSchema.parse({ role: "support" }) })).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringMatching(/fewer than two/),
      });
      await expect(setUserDisabled({ ctx: a.ctx, id: b.user.id, disabled: true })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/fewer than two/) });
      // Demoting oneself counts the same.
      await expect(updateUser({ ctx: a.ctx, id: a.user.id, input: updateUserSchema.parse({ role: "finance" }) })).rejects.toMatchObject({ code: "conflict" });
      expect(await pendingCount(tx)).toBe(before);
      expect(await countActiveAdmins(tx)).toBe(2);
    });
  });

  it("a removal that would leave fewer than two active admins is refused when approved, even by another admin", async () => {
    await withAdmins(3, async (tx, [a, b, c]) => {
      if (!a || !b || !c) throw new Error("three admins");
      // Each request leaves two when it is made; approved one after the other, the second would leave one.
      const demoteB = await updateUser({ ctx: a.ctx, id: b.user.id, input: updateUserSchema.parse({ role: "finance" }) });
      const disableC = await setUserDisabled({ ctx: a.ctx, id: c.user.id, disabled: true });
      expect(await approve(tx, c, demoteB.pendingChange?.id ?? 0)).toMatchObject({ status: "approved" });
      expect(await countActiveAdmins(tx)).toBe(2);
      await expect(approve(tx, c, disableC.pendingChange?.id ?? 0)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/fewer than two/) });
      expect((await userRow(tx, c.user.id))?.disabledAt).toBeNull();
      const [row] = await tx.select().from(pendingChanges).where(eq(pendingChanges.id, disableC.pendingChange?.id ?? 0));
      expect(row?.status).toBe("pending");
      expect(await countActiveAdmins(tx)).toBe(2);
    });
  });

  it("an admin disabled behind the app's back since the request: approving the demotion of another is refused", async () => {
    await withAdmins(3, async (tx, [a, b, c]) => {
      if (!a || !b || !c) throw new Error("three admins");
      const demoteB = await updateUser({ ctx: a.ctx, id: b.user.id, input: updateUserSchema.parse({ role: "support" }) });
      await tx.update(users).set({ disabledAt: new Date() }).where(eq(users.id, c.user.id));
      await expect(approve(tx, b, demoteB.pendingChange?.id ?? 0)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/one active admin/) });
      expect((await userRow(tx, b.user.id))?.role).toBe("admin");
    });
  });
});
