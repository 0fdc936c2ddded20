import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, userMerchants, users } from "@/db/schema";
import { createSession, resolveSession } from "@/lib/auth/sessions";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { createUser as createUserVerb } from "@/lib/users/create-user";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { createUserSchema, updateUserSchema } from "@/lib/users/schemas";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { updateUser } from "@/lib/users/update-user";
import { ctxFor } from "../helpers/ctx";
import { withRollback } from "../helpers/db";
import { createMerchant, createUser } from "../helpers/factories";

type Tx = Parameters<Parameters<typeof withRollback>[0]>[0];

async function adminAndTarget(tx: Tx, target: Partial<typeof users.$inferInsert> = {}) {
  const admin = await createUser(tx, { role: "admin", allMerchants: true });
  const user = await createUser(tx, { role: "finance", ...target });
  const token = await createSession(tx, { userId: user.id, ip: null, userAgent: null });
  expect(await resolveSession(tx, token)).not.toBeNull();
  return { ctx: ctxFor(tx, admin), user, token };
}

describe("session revocation by the users verbs", () => {
  it("disabling a user ends their sessions", async () => {
    await withRollback(async (tx) => {
      // A support user: enabled again at once (a money role would wait for a second admin), so only the revocation
      // (not the disabled flag) can keep the old session dead.
      const { ctx, user, token } = await adminAndTarget(tx, { role: "support" });
      await setUserDisabled({ ctx, id: user.id, disabled: true });
      expect((await setUserDisabled({ ctx, id: user.id, disabled: false })).disabled).toBe(false);
      expect(await resolveSession(tx, token)).toBeNull();
    });
  });

  it("changing the role ends their sessions; renaming does not", async () => {
    await withRollback(async (tx) => {
      const { ctx, user, token } = await adminAndTarget(tx);
      await updateUser({ ctx, id: user.id, input: { name: "Renamed" } });
      expect(await resolveSession(tx, token)).not.toBeNull();
      await updateUser({ ctx, id: user.id, input: { role: "support" } });
      expect(await resolveSession(tx, token)).toBeNull();
    });
  });

  it("resetting two-factor ends their sessions", async () => {
    await withRollback(async (tx) => {
      const { ctx, user, token } = await adminAndTarget(tx, { totpEnabled: true, totpSecretEnc: "v1:k:a:b:c" });
      await resetTwoFactor({ ctx, id: user.id });
      expect(await resolveSession(tx, token)).toBeNull();
      const row = (await tx.select().from(users).where(eq(users.id, user.id)))[0];
      expect(row?.totpEnabled).toBe(false);
    });
  });
});

describe("merchant access is explicit", () => {
  it("merchantIds: [] on an all-merchants user leaves them with no merchant (the scope fails closed), audited", async () => {
    await withRollback(async (tx) => {
      const { ctx, user } = await adminAndTarget(tx, { allMerchants: true });
      expect(await merchantScope(tx, user)).toBeNull();
      const after = await updateUser({ ctx, id: user.id, input: updateUserSchema.parse({ merchantIds: [] }) });
      expect(after).toMatchObject({ allMerchants: false, merchantIds: [] });
      expect(await merchantScope(tx, user)).toEqual([]);
      const audit = (await tx.select().from(auditLog).where(and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, String(user.id)))))[0];
      expect(audit?.before).toMatchObject({ allMerchants: true });
      expect(audit?.after).toMatchObject({ allMerchants: false, merchantIds: [] });
    });
  });

  it("a list replaces the scope; allMerchants: true clears the list", async () => {
    await withRollback(async (tx) => {
      const m1 = await createMerchant(tx);
      const m2 = await createMerchant(tx);
      // Support: widening a money role's merchants waits for a second admin (tests/pending-changes).
      const { ctx, user } = await adminAndTarget(tx, { allMerchants: true, role: "support" });
      await updateUser({ ctx, id: user.id, input: updateUserSchema.parse({ merchantIds: [m1.id, m2.id] }) });
      expect((await merchantScope(tx, user))?.sort()).toEqual([m1.id, m2.id].sort());
      await updateUser({ ctx, id: user.id, input: updateUserSchema.parse({ merchantIds: [m2.id] }) });
      expect(await merchantScope(tx, user)).toEqual([m2.id]);
      await updateUser({ ctx, id: user.id, input: updateUserSchema.parse({ allMerchants: true }) });
      expect(await merchantScope(tx, user)).toBeNull();
      expect(await tx.$count(userMerchants, eq(userMerchants.userId, user.id))).toBe(0);
    });
  });

  it("a new user sees nothing unless given merchants or all merchants", async () => {
    await withRollback(async (tx) => {
      const m = await createMerchant(tx);
      const admin = await createUser(tx, { role: "admin", allMerchants: true });
      const ctx = ctxFor(tx, admin);
      // Support: a money role is created only when a second admin approves (tests/pending-changes).
      const made = async (email: string, more: object) => {
        const r = await createUserVerb({ ctx, input: createUserSchema.parse({ email, name: "Scope", role: "support", ...more }) });
        if (!r.user) throw new Error("not created at once");
        return r.user;
      };
      expect(await merchantScope(tx, await made("none@scope.test", {}))).toEqual([]);
      expect(await merchantScope(tx, await made("one@scope.test", { merchantIds: [m.id] }))).toEqual([m.id]);
      expect(await merchantScope(tx, await made("all@scope.test", { allMerchants: true }))).toBeNull();
    });
  });

  it("the schemas refuse duplicate ids, strings for ids, both all and a list, and control characters in a name", () => {
    const base = { email: "x@y.test", name: "X", role: "finance" };
    const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => String(i.path[0]));
    expect(fieldsOf(createUserSchema.safeParse({ ...base, merchantIds: [3, 3] }))).toEqual(["merchantIds"]);
    expect(fieldsOf(createUserSchema.safeParse({ ...base, merchantIds: ["3"] }))).toEqual(["merchantIds"]);
    expect(fieldsOf(createUserSchema.safeParse({ ...base, allMerchants: true, merchantIds: [3] }))).toEqual(["merchantIds"]);
    expect(fieldsOf(createUserSchema.safeParse({ ...base, name: "a\u0000b" }))).toEqual(["name"]);
    expect(fieldsOf(updateUserSchema.safeParse({ allMerchants: true, merchantIds: [1] }))).toEqual(["merchantIds"]);
    expect(updateUserSchema.safeParse({ allMerchants: true, merchantIds: [] }).success).toBe(true);
  });
});
