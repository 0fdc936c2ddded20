import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { ACCOUNT_POLICY, ADDRESS_POLICY, claimAttempt, delayAfter, readLimit } from "@/lib/auth/rate-limit";
import { attemptSignIn } from "@/lib/auth/sign-in";
import { parseSignInError } from "@/lib/auth/sign-in-errors";
import { newTotpSecret, totpAad } from "@/lib/auth/totp";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { testDb } from "../helpers/db";
import { createUser } from "../helpers/factories";

const PASSWORD = "the-right-password-1";
const tag = () => randomBytes(5).toString("hex");
const client = (ip: string) => ({ ip, userAgent: "vitest" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function adminWithTotp() {
  const db = testDb();
  const u = await createUser(db, { email: `adm-${tag()}@test.example`, role: "admin", passwordHash: await hashPassword(PASSWORD) });
  const secret = newTotpSecret();
  await db.update(users).set({ totpSecretEnc: encryptSecret(secret, totpAad(u.id)), totpEnabled: true }).where(eq(users.id, u.id));
  return { ...u, secret };
}

const auditOf = (email: string, action: string) =>
  testDb().$count(auditLog, and(eq(auditLog.actorEmail, email), eq(auditLog.action, action)));

describe("growing delays instead of a lock", () => {
  it("the delay doubles after the free failures and stops at 30 s", () => {
    const seq = Array.from({ length: 12 }, (_, i) => delayAfter(i + 1, ACCOUNT_POLICY));
    expect(seq).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
    expect(delayAfter(10_000, ADDRESS_POLICY)).toBe(30_000);
  });

  it("parallel attempts on one key cannot slip past the wait: only the free ones and one more are looked at", async () => {
    const key = `acct:parallel-${tag()}`;
    const claims = await Promise.all(Array.from({ length: 12 }, () => claimAttempt(testDb(), key, ACCOUNT_POLICY)));
    expect(claims.filter((c) => c.ok)).toHaveLength(ACCOUNT_POLICY.free + 1);
    expect(claims.filter((c) => !c.ok).every((c) => !c.ok && c.waitMs >= 1_000)).toBe(true);
    expect((await readLimit(testDb(), key)).failures).toBe(ACCOUNT_POLICY.free + 1);
  });

  it("five wrong guesses from five addresses: the right password and code get in after the announced wait", async () => {
    const admin = await adminWithTotp();
    const answers: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await attemptSignIn(testDb(), { email: admin.email, password: `wrong-${i}` }, client(`198.51.100.${i}`));
      answers.push(r.ok ? "ok" : r.error);
      if (i < 5) await sleep(parseSignInError(r.ok ? "" : r.error).waitSeconds * 1_000 + 50); // a patient attacker
    }
    expect(answers).toEqual(["invalid_credentials", "invalid_credentials", "invalid_credentials", "invalid_credentials:1", "invalid_credentials:2"]);

    // Right password and code before the wait is over: refused with the wait, and the code is not even looked at.
    const code = authenticator.generate(admin.secret);
    const early = await attemptSignIn(testDb(), { email: admin.email, password: PASSWORD, totp: code }, client("203.0.113.9"));
    expect(early.ok).toBe(false);
    const { code: errCode, waitSeconds } = parseSignInError(early.ok ? "" : early.error);
    expect(errCode).toBe("throttled");
    expect(waitSeconds).toBeGreaterThanOrEqual(1);
    expect(waitSeconds).toBeLessThanOrEqual(2);
    expect((await testDb().select({ s: users.totpLastStep }).from(users).where(eq(users.id, admin.id)))[0]?.s).toBeNull();

    await sleep(waitSeconds * 1_000 + 100);
    const late = await attemptSignIn(testDb(), { email: admin.email, password: PASSWORD, totp: code }, client("203.0.113.9"));
    expect(late.ok).toBe(true);
    expect((await readLimit(testDb(), `acct:${admin.email}`)).failures).toBe(0); // a success starts over
    expect(await auditOf(admin.email, "auth.sign_in")).toBe(1);
    // Failures and the refusal are counted per address and minute, not written one row each.
    expect(await auditOf(admin.email, "auth.sign_in_failed")).toBe(0);
    expect(await auditOf(admin.email, "auth.sign_in_throttled")).toBe(0);
    const counted = await testDb().execute<{ ip: string; attempts: number }>(
      sql`select ip, attempts from sign_in_failures where account = ${admin.email} order by ip`,
    );
    expect(counted.map((c) => [c.ip, c.attempts])).toEqual([
      ...[1, 2, 3, 4, 5].map((i) => [`198.51.100.${i}`, 1]),
      ["203.0.113.9", 1],
    ]);
  });

  it("a wrong guess arriving during the wait is refused unchecked and does not make the wait longer", async () => {
    const admin = await adminWithTotp();
    for (let i = 0; i < 4; i++) await attemptSignIn(testDb(), { email: admin.email, password: `wrong-${i}` }, client(`198.51.100.${20 + i}`));
    const before = await readLimit(testDb(), `acct:${admin.email}`);
    const r = await attemptSignIn(testDb(), { email: admin.email, password: "wrong-again" }, client("198.51.100.30"));
    expect(r.ok ? "" : parseSignInError(r.error).code).toBe("throttled");
    expect((await readLimit(testDb(), `acct:${admin.email}`)).failures).toBe(before.failures);
  });

  it("one address guessing many accounts is slowed too", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250) + 1}-${tag()}`;
    await testDb().execute(sql`delete from auth_rate_limits where key = ${`ip:${ip}`}`);
    const errors: string[] = [];
    for (let i = 0; i <= ADDRESS_POLICY.free + 1; i++) {
      const r = await attemptSignIn(testDb(), { email: `nobody-${tag()}@test.example`, password: "guess-guess" }, client(ip));
      errors.push(r.ok ? "ok" : r.error);
    }
    expect(errors.slice(0, ADDRESS_POLICY.free)).toEqual(Array(ADDRESS_POLICY.free).fill("invalid_credentials"));
    expect(errors[ADDRESS_POLICY.free]).toBe("invalid_credentials:1");
    expect(parseSignInError(errors[ADDRESS_POLICY.free + 1] ?? "").code).toBe("throttled");
    // E-mails that belong to nobody share one count per address and minute, keeping the first five.
    const [row] = await testDb().execute<{ attempts: number; emails: string[] }>(sql`select attempts, emails from sign_in_failures where account = '*' and ip = ${ip}`);
    expect(row?.attempts).toBe(ADDRESS_POLICY.free + 2);
    expect(row?.emails).toHaveLength(5);
  });

  it("one answer for every failure: no answer tells a right password", async () => {
    const admin = await adminWithTotp();
    const disabled = await adminWithTotp();
    await testDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
    const code = authenticator.generate(admin.secret);
    const tries: Array<[string, { email: string; password: string; totp?: string }]> = [
      ["unknown e-mail", { email: `nobody-${tag()}@test.example`, password: PASSWORD }],
      ["wrong password", { email: admin.email, password: "not-the-password", totp: code }],
      ["right password, no code", { email: admin.email, password: PASSWORD }],
      ["right password, wrong code", { email: admin.email, password: PASSWORD, totp: code === "000000" ? "111111" : "000000" }],
      ["disabled, right password and code", { email: disabled.email, password: PASSWORD, totp: authenticator.generate(disabled.secret) }],
    ];
    const answers: Record<string, string> = {};
    let n = 70;
    for (const [what, creds] of tries) {
      const r = await attemptSignIn(testDb(), creds, client(`198.51.100.${n++}`));
      answers[what] = r.ok ? "ok" : r.error;
    }
    expect(answers).toEqual(Object.fromEntries(tries.map(([what]) => [what, "invalid_credentials"])));
    // The account's delays grew the same way for each of them: 3 failures so far on the admin, no release.
    expect((await readLimit(testDb(), `acct:${admin.email}`)).failures).toBe(3);
    const reasons = await testDb().execute<{ reasons: Record<string, number> }>(sql`select reasons from sign_in_failures where account = ${admin.email}`);
    expect(reasons.flatMap((r) => Object.keys(r.reasons)).sort()).toEqual(["missing_code", "wrong_code", "wrong_password"]);
  });

  it("the same code cannot sign in twice, also when sent twice at once", async () => {
    const admin = await adminWithTotp();
    const code = authenticator.generate(admin.secret);
    const both = await Promise.all(
      ["198.51.100.60", "198.51.100.61"].map((ip) => attemptSignIn(testDb(), { email: admin.email, password: PASSWORD, totp: code }, client(ip))),
    );
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.error))).toEqual(["invalid_credentials"]);
    expect(await testDb().$count(sessions, eq(sessions.userId, admin.id))).toBe(1);
    const again = await attemptSignIn(testDb(), { email: admin.email, password: PASSWORD, totp: code }, client("198.51.100.62"));
    expect(again).toEqual({ ok: false, error: "invalid_credentials" });
    const reasons = await testDb().execute<{ reasons: Record<string, number> }>(sql`select reasons from sign_in_failures where account = ${admin.email}`);
    expect(reasons.map((r) => r.reasons)).toEqual([{ reused_code: 1 }, { reused_code: 1 }]);
  });
});
