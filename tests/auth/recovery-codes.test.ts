import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { auditLog, recoveryCodes, users } from "@/db/schema";
import { confirmTwoFactor, regenerateRecoveryCodes, startTwoFactor } from "@/lib/account/two-factor";
import { hashPassword } from "@/lib/auth/password";
import { attemptSignIn } from "@/lib/auth/sign-in";
import { ctxFor } from "../helpers/ctx";
import { testDb } from "../helpers/db";
import { createUser } from "../helpers/factories";

const PASSWORD = "a-long-sign-in-phrase-7";
const tag = () => randomBytes(5).toString("hex");

/** A finance user who enrols two-factor the way the pages do; returns the codes shown at enrolment. */
async function enrolled() {
  const db = testDb();
  const u = await createUser(db, { email: `rc-${tag()}@test.example`, role: "finance", passwordHash: await hashPassword(PASSWORD) });
  const { secret } = await startTwoFactor({ ctx: ctxFor(db, u) });
  const res = await confirmTwoFactor({ ctx: ctxFor(db, u), input: { code: authenticator.generate(secret) } });
  const row = (await db.select().from(users).where(eq(users.id, u.id)))[0];
  if (!row) throw new Error("no user");
  return { user: row, secret, codes: res.recoveryCodes };
}

// Each sign-in from its own address: the throttle keys of one test never slow another.
const signIn = (email: string, totp: string) => attemptSignIn(testDb(), { email, password: PASSWORD, totp }, { ip: `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, userAgent: "vitest" });

describe("two-factor recovery codes", () => {
  it("enrolment gives ten different codes, stored only as argon2 hashes", async () => {
    const { user, codes } = await enrolled();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const rows = await testDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const c of codes) {
      expect(stored).not.toContain(c);
      expect(stored).not.toContain(c.replace("-", ""));
    }
    expect(rows.every((r) => r.codeHash.startsWith("$argon2id$"))).toBe(true);
  });

  it("a code signs in once in place of the app's code, is audited, and is refused the second time", async () => {
    const { user, codes } = await enrolled();
    const code = codes[3] ?? "";
    const first = await signIn(user.email, code.toUpperCase().replace("-", " "));
    expect(first.ok).toBe(true);
    const again = await signIn(user.email, code);
    expect(again).toEqual({ ok: false, error: expect.stringMatching(/^invalid_credentials/) });
    expect(await testDb().$count(recoveryCodes, and(eq(recoveryCodes.userId, user.id)))).toBe(10);
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.targetId, String(user.id)), eq(auditLog.action, "auth.recovery_code_used")));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toEqual({ codesLeft: 9 });
    // A made-up code of the right shape is a wrong code like any other.
    expect((await signIn(user.email, "aaaaa-bbbbb")).ok).toBe(false);
  });

  it("regenerating (with a current code from the app) replaces the old codes", async () => {
    const { user, secret, codes } = await enrolled();
    const ctx = ctxFor(testDb(), { ...user, totpEnabled: true });
    // The enrolment's code was used; the next step's code is accepted.
    const next = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes({ ctx, input: { code: next } });
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => codes.includes(c))).toBe(false);
    expect((await signIn(user.email, codes[0] ?? "")).ok).toBe(false);
    expect((await signIn(user.email, fresh[0] ?? "")).ok).toBe(true);
    await expect(regenerateRecoveryCodes({ ctx, input: { code: "000000" } })).rejects.toMatchObject({ code: "invalid_input", fields: { code: expect.any(String) } });
  });
});
