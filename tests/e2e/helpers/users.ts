import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq, isNull, like, ne, or, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { inject } from "vitest";
import { getDb } from "@/db";
import { authRateLimits, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { TOTP_REQUIRED_ROLES, type Role } from "@/lib/auth/permissions";
import { totpAad } from "@/lib/auth/totp";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { DEMO_USERS } from "@/lib/demo/seed-demo";

/**
 * Users and second factors for browser tests, made directly in the app's database so that no test file depends on
 * what another one left behind (who enrolled two-factor, who is locked out, whose code was used last).
 */

const STEP_MS = 30_000;

/** TOTP secrets the tests know, kept beside the app's data (per run) so every test file can sign in again. */
const totpFile = (email: string) => path.join(inject("dataDir"), `totp-${email}.txt`);
export const totpSecretOf = (email: string) => (existsSync(totpFile(email)) ? readFileSync(totpFile(email), "utf8") : null);
export const rememberTotp = (email: string, secret: string) => writeFileSync(totpFile(email), secret);

async function userRow(email: string) {
  return (await getDb().select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())))[0];
}

/**
 * A code the app has not accepted yet: the current step, or the next one (the app accepts one step either side)
 * when the current one was used; otherwise wait for the next 30-second step.
 */
export async function nextTotpCode(email: string, secret: string): Promise<string> {
  for (;;) {
    const last = (await userRow(email))?.totpLastStep ?? null;
    const now = Date.now();
    const current = Math.floor(now / STEP_MS);
    const step = last === null ? current : Math.max(current, last + 1);
    // Keep a second of margin so the code is still inside the window when the app checks it.
    if (step === current || (step === current + 1 && now % STEP_MS > 1_000)) {
      return authenticator.clone({ epoch: step * STEP_MS }).generate(secret);
    }
    await new Promise((r) => setTimeout(r, STEP_MS - (now % STEP_MS) + 1_100));
  }
}

/** Give a user two-factor with a new secret the tests know (as if enrolled), and nothing used yet. */
export async function setKnownTotp(email: string): Promise<string> {
  const row = await userRow(email);
  if (!row) throw new Error(`no user ${email}`);
  const secret = authenticator.generateSecret(20);
  await getDb()
    .update(users)
    .set({ totpSecretEnc: encryptSecret(secret, totpAad(row.id)), totpEnabled: true, totpLastStep: null })
    .where(eq(users.id, row.id));
  rememberTotp(email, secret);
  return secret;
}

/** The secret for a user whose two-factor is on (re-keyed when the tests do not know it), or null when it is off. */
export async function knownTotp(email: string, enrol = false): Promise<string | null> {
  const row = await userRow(email);
  if (!row?.totpEnabled) return enrol ? setKnownTotp(email) : null;
  return totpSecretOf(email) ?? setKnownTotp(email);
}

/** Forget the sign-in delays of these e-mails, of every address (all tests come from 127.0.0.1) and device. */
export async function resetSignInLimits(emails: string[]): Promise<void> {
  await getDb().delete(authRateLimits).where(or(like(authRateLimits.key, "ip:%"), like(authRateLimits.key, "dev:%")));
  for (const e of emails) await getDb().delete(authRateLimits).where(eq(authRateLimits.key, `acct:${e.toLowerCase()}`));
}

export function demoUser(role: Role) {
  const u = DEMO_USERS.find((d) => d.role === role);
  if (!u) throw new Error(`no demo ${role}`);
  return u;
}

/** Put a demo user back as the seed made it (role, enabled, its password), whatever earlier files did to it. */
export async function resetDemoUser(role: Role) {
  const u = demoUser(role);
  await getDb()
    .update(users)
    // As seeded, including no accepted TOTP step yet: a test file never waits for a step another file used up.
    // (Replay protection itself is tested on fresh users: tests/e2e/sign-in-next.e2e.ts, tests/auth/totp-once.test.ts.)
    .set({ role, disabledAt: null, mustChangePassword: false, totpLastStep: null, passwordHash: await hashPassword(u.password) })
    .where(eq(sql`lower(${users.email})`, u.email));
  await resetSignInLimits([u.email]);
  return u;
}

export interface FreshUser {
  id: number;
  email: string;
  password: string;
  role: Role;
  /** Known TOTP secret when two-factor is on. */
  secret: string | null;
}

/** A new user of a role, made in the database; two-factor on (known secret) by default for roles that need it. */
export async function freshUser(role: Role, opts: { totp?: boolean; allMerchants?: boolean; mustChangePassword?: boolean } = {}): Promise<FreshUser> {
  const email = `e2e-${role}-${randomBytes(5).toString("hex")}@e2e.test`;
  const password = `pw-${randomBytes(12).toString("base64url")}`;
  const [row] = await getDb()
    .insert(users)
    .values({
      email,
      name: `E2E ${role}`,
      role,
      passwordHash: await hashPassword(password),
      allMerchants: opts.allMerchants ?? false,
      mustChangePassword: opts.mustChangePassword ?? false,
    })
    .returning();
  if (!row) throw new Error("user not created");
  const secret = (opts.totp ?? TOTP_REQUIRED_ROLES.includes(role)) ? await setKnownTotp(email) : null;
  return { id: row.id, email, password, role, secret };
}

/** Disable the admins other tests made, so "the last admin" means the demo admin again. */
export async function disableOtherAdmins(keepEmail: string): Promise<void> {
  await getDb()
    .update(users)
    .set({ disabledAt: new Date() })
    .where(and(eq(users.role, "admin"), ne(sql`lower(${users.email})`, keepEmail), isNull(users.disabledAt)));
}
