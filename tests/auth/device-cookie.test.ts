import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { changePassword } from "@/lib/account/change-password";
import { deviceCookieName, issueDeviceToken, readDeviceToken } from "@/lib/auth/device-token";
import { hashPassword } from "@/lib/auth/password";
import { ACCOUNT_POLICY, DEVICE_POLICY, readLimit } from "@/lib/auth/rate-limit";
import { attemptSignIn } from "@/lib/auth/sign-in";
import { flushSignInFailures } from "@/lib/auth/sign-in-failures";
import { parseSignInError } from "@/lib/auth/sign-in-errors";
import { newTotpSecret, totpAad } from "@/lib/auth/totp";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { applySetUserDisabled } from "@/lib/users/set-user-disabled";
import { ctxFor } from "../helpers/ctx";
import { testDb } from "../helpers/db";
import { createUser } from "../helpers/factories";

const PASSWORD = "the-right-password-1";
const tag = () => randomBytes(5).toString("hex");
const client = (ip: string) => ({ ip, userAgent: "vitest" });

async function adminWithTotp() {
  const db = testDb();
  const u = await createUser(db, { email: `dev-${tag()}@test.example`, role: "admin", passwordHash: await hashPassword(PASSWORD) });
  const secret = newTotpSecret();
  await db.update(users).set({ totpSecretEnc: encryptSecret(secret, totpAad(u.id)), totpEnabled: true }).where(eq(users.id, u.id));
  return { ...u, secret };
}

/** A browser's cookies: what the app set is sent back. */
class Jar {
  cookies = new Map<string, string>();
  read = (name: string) => this.cookies.get(name);
  async signIn(creds: { email: string; password: string; totp?: string }, ip = "192.0.2.10") {
    const r = await attemptSignIn(testDb(), creds, client(ip), this.read);
    if (r.ok && r.device) this.cookies.set(r.device.cookie, r.device.token);
    return r;
  }
}

/** A code of a later 30-second step than any used (the app accepts one step either side). */
const codeAt = (secret: string, stepOffset: number) => authenticator.clone({ epoch: Date.now() + stepOffset * 30_000 }).generate(secret);

/** Keep the account's key waiting, as 40 attackers would, whatever the wait has reached. */
async function lockAccount(email: string) {
  for (let i = 0; i < ACCOUNT_POLICY.free + 6; i++) await attemptSignIn(testDb(), { email, password: `guess-${i}` }, client(`203.0.113.${i + 1}`));
  await testDb().execute(sql`update auth_rate_limits set locked_until = now() + interval '30 seconds' where key = ${`acct:${email}`}`);
}

describe("device cookies", () => {
  it("a token is signed, names its user and generation, and is refused when changed by one character", () => {
    const t = issueDeviceToken(42, 3) ?? "";
    expect(readDeviceToken(t)).toMatchObject({ userId: 42, generation: 3 });
    const flipped = t.slice(0, -1) + (t.endsWith("A") ? "B" : "A");
    expect(readDeviceToken(flipped)).toBeNull();
    expect(readDeviceToken(t.replace(/^42\./, "43."))).toBeNull();
    expect(readDeviceToken(t, Date.now() + 181 * 86_400_000)).toBeNull(); // older than the cookie's life
    expect(deviceCookieName("A@x.test")).toBe(deviceCookieName("a@x.test"));
    expect(deviceCookieName("a@x.test")).not.toContain("x.test");
  });

  it("while the account is kept waiting by strangers, a browser that signed in before gets in at once", async () => {
    const admin = await adminWithTotp();
    const browser = new Jar();
    expect((await browser.signIn({ email: admin.email, password: PASSWORD, totp: codeAt(admin.secret, -1) })).ok).toBe(true);
    expect(browser.cookies.size).toBe(1);

    await lockAccount(admin.email);
    const stranger = new Jar();
    const refused = await stranger.signIn({ email: admin.email, password: PASSWORD, totp: codeAt(admin.secret, 0) }, "192.0.2.11");
    expect(refused.ok ? "" : parseSignInError(refused.error).code).toBe("throttled");

    const known = await browser.signIn({ email: admin.email, password: PASSWORD, totp: codeAt(admin.secret, 0) });
    expect(known.ok).toBe(true);
    expect(known.ok && known.device).toBeNull(); // its token is kept, not replaced
    expect((await readLimit(testDb(), `acct:${admin.email}`)).waitMs).toBeGreaterThan(20_000); // still waiting for strangers
  });

  it("a device's own failures slow that device only; the account's count is untouched", async () => {
    const admin = await adminWithTotp();
    const browser = new Jar();
    await browser.signIn({ email: admin.email, password: PASSWORD, totp: codeAt(admin.secret, -1) });
    const answers: string[] = [];
    for (let i = 0; i < DEVICE_POLICY.free + 2; i++) {
      const r = await browser.signIn({ email: admin.email, password: `typo-${i}` });
      answers.push(r.ok ? "ok" : parseSignInError(r.error).code);
    }
    expect(answers.slice(0, DEVICE_POLICY.free + 1)).toEqual(Array(DEVICE_POLICY.free + 1).fill("invalid_credentials"));
    expect(answers[DEVICE_POLICY.free + 1]).toBe("throttled");
    expect((await readLimit(testDb(), `acct:${admin.email}`)).failures).toBe(0);
    // Another browser is not held by that device's wait.
    const other = await new Jar().signIn({ email: admin.email, password: PASSWORD, totp: codeAt(admin.secret, 0) }, "192.0.2.12");
    expect(other.ok).toBe(true);
  });

  it("a token of one account does not count for another", async () => {
    const a = await adminWithTotp();
    const b = await adminWithTotp();
    const browser = new Jar();
    const first = await browser.signIn({ email: a.email, password: PASSWORD, totp: codeAt(a.secret, -1) });
    await lockAccount(b.email);
    // The attacker moves a's token under b's cookie name.
    const token = first.ok ? first.device?.token : undefined;
    browser.cookies.set(deviceCookieName(b.email) ?? "", token ?? "");
    const r = await browser.signIn({ email: b.email, password: PASSWORD, totp: codeAt(b.secret, 0) });
    expect(r.ok ? "" : parseSignInError(r.error).code).toBe("throttled");
  });

  it("disabling the user, resetting two-factor or changing the password revokes the user's tokens", async () => {
    const admin = await adminWithTotp();
    const boss = await createUser(testDb(), { role: "admin" });
    const revokers: Array<[string, () => Promise<unknown>]> = [
      // Disabling or enabling an admin waits for a second admin: this is what applies when that admin approves.
      ["disable", async () => {
        await applySetUserDisabled(ctxFor(testDb(), boss), admin.id, true);
        await applySetUserDisabled(ctxFor(testDb(), boss), admin.id, false);
      }],
      ["password", () => changePassword({ ctx: ctxFor(testDb(), admin), input: { currentPassword: PASSWORD, newPassword: PASSWORD, confirmPassword: PASSWORD } })],
      ["two-factor reset", async () => {
        await resetTwoFactor({ ctx: ctxFor(testDb(), boss), id: admin.id });
        await testDb().update(users).set({ totpSecretEnc: encryptSecret(admin.secret, totpAad(admin.id)), totpEnabled: true }).where(eq(users.id, admin.id));
      }],
    ];
    let step = -1;
    for (const [what, revoke] of revokers) {
      await testDb().execute(sql`delete from auth_rate_limits where key = ${`acct:${admin.email}`}`);
      const browser = new Jar();
      expect((await browser.signIn({ email: admin.email, password: PASSWORD, totp: codeAt(admin.secret, step++) })).ok, what).toBe(true);
      await revoke();
      await lockAccount(admin.email);
      const r = await browser.signIn({ email: admin.email, password: PASSWORD, totp: codeAt(admin.secret, step) });
      expect(r.ok ? "" : parseSignInError(r.error).code, what).toBe("throttled");
    }
  });
});

describe("failed sign-ins in the audit log", () => {
  it("one row per account, address and minute, with the count of each reason", async () => {
    const admin = await adminWithTotp();
    await lockAccount(admin.email); // 9 attempts from 9 addresses; then 30 refusals from one address
    for (let i = 0; i < 30; i++) await attemptSignIn(testDb(), { email: admin.email, password: "guess" }, client("198.51.100.200"));
    const rows = await testDb().execute<{ ip: string; attempts: number; reasons: Record<string, number> }>(
      sql`select ip, attempts, reasons from sign_in_failures where account = ${admin.email} and ip = '198.51.100.200'`,
    );
    expect(rows).toEqual([{ ip: "198.51.100.200", attempts: 30, reasons: { throttled_account: 30 } }]);
    expect(await testDb().$count(auditLog, eq(auditLog.actorEmail, admin.email))).toBe(0);

    // The minute closes: each count becomes one audit row, and the counts are gone.
    await testDb().execute(sql`update sign_in_failures set minute = minute - interval '2 minutes' where account = ${admin.email}`);
    await flushSignInFailures(testDb());
    const audited = await testDb()
      .select({ ip: auditLog.ip, after: auditLog.after, action: auditLog.action, targetId: auditLog.targetId })
      .from(auditLog)
      .where(and(eq(auditLog.actorEmail, admin.email)));
    expect(audited).toHaveLength(10);
    expect(new Set(audited.map((a) => a.action))).toEqual(new Set(["auth.sign_in_failures"]));
    expect(audited.find((a) => a.ip === "198.51.100.200")).toMatchObject({ targetId: String(admin.id), after: { attempts: 30, reasons: { throttled_account: 30 } } });
    expect(await testDb().execute(sql`select 1 from sign_in_failures where account = ${admin.email}`)).toHaveLength(0);
  });
});
