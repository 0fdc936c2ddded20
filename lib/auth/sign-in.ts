import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { addressGroup } from "./client-info";
import { deviceCookieName, issueDeviceToken, readDeviceToken } from "./device-token";
import { dummyHash, verifyPassword } from "./password";
import { ACCOUNT_POLICY, ADDRESS_POLICY, DEVICE_POLICY, claimAttempt, clearLimit, delayAfter, releaseAttempt } from "./rate-limit";
import { signInSchema } from "./schemas";
import { createSession } from "./sessions";
import { SIGN_IN_ERRORS, withWait } from "./sign-in-errors";
import { countSignInFailure, type FailureReason } from "./sign-in-failures";
import { verifyTotpOnce } from "./verify-totp-once";

export { totpAad } from "./totp";

export type SignInResult =
  | { ok: true; token: string; userId: number; device: { cookie: string; token: string } | null }
  | { ok: false; error: string };

/**
 * One sign-in attempt: e-mail, password and code in one step, and one answer for every failure (a wrong e-mail,
 * password or code, a disabled account or a missing code all read the same), so no answer tells a right password.
 *
 * A browser with this account's device cookie (lib/auth/device-token.ts) claims a slot on its own key only; any
 * other attempt claims the address's and the account's. Before a key's "not before" time the attempt is refused
 * with the wait and nothing is checked. Failures make the next wait longer, never a lock. Failures and refusals are
 * counted per account, address and minute (one audit row each); a success is audited on its own.
 */
export async function attemptSignIn(
  db: Db,
  raw: { email?: unknown; password?: unknown; totp?: unknown },
  client: { ip: string | null; userAgent: string | null },
  readCookie: (name: string) => string | null | undefined = () => null,
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse({ ...raw, totp: raw.totp === "" ? undefined : raw.totp });
  if (!parsed.success) return { ok: false, error: SIGN_IN_ERRORS.invalid };
  const { email, password, totp } = parsed.data;
  const user = (await db.select().from(users).where(eq(sql`lower(${users.email})`, email)).limit(1))[0];
  const count = (reason: FailureReason) => countSignInFailure(db, { email, userId: user?.id ?? null, ip: client.ip, reason });
  // Refused before the key's "not before" time: nothing is checked, the wait is the answer.
  const refuse = async (reason: FailureReason, waitMs: number): Promise<SignInResult> => {
    await count(reason);
    return { ok: false, error: withWait(SIGN_IN_ERRORS.throttled, waitMs) };
  };

  const cookie = deviceCookieName(email);
  const device = readDeviceToken(cookie ? readCookie(cookie) : null);
  const known = !!device && !!user && device.userId === user.id && device.generation === user.deviceGeneration;
  const acctKey = `acct:${email}`;
  // IPv6 by its /64: one host owns a whole /64, and each of its addresses would otherwise be a fresh allowance.
  const ipKey = `ip:${addressGroup(client.ip) || "unknown"}`;
  const devKey = known ? `dev:${device.nonce}` : null;

  let waitAfterFailure: (() => number) | undefined;
  if (devKey) {
    const dev = await claimAttempt(db, devKey, DEVICE_POLICY);
    if (!dev.ok) return refuse("throttled_device", dev.waitMs);
    waitAfterFailure = () => delayAfter(dev.failures, DEVICE_POLICY);
  } else {
    // The address first: when the account then refuses, the address gets its slot back.
    const addr = await claimAttempt(db, ipKey, ADDRESS_POLICY);
    if (!addr.ok) return refuse("throttled_address", addr.waitMs);
    const acct = await claimAttempt(db, acctKey, ACCOUNT_POLICY);
    if (!acct.ok) {
      await releaseAttempt(db, ipKey);
      return refuse("throttled_account", acct.waitMs);
    }
    waitAfterFailure = () => Math.max(delayAfter(acct.failures, ACCOUNT_POLICY), delayAfter(addr.failures, ADDRESS_POLICY));
  }

  // The failure is already counted on the throttle keys (the claim); count it for the audit log, tell the wait.
  const fail = async (reason: FailureReason): Promise<SignInResult> => {
    await count(reason);
    return { ok: false, error: withWait(SIGN_IN_ERRORS.invalid, waitAfterFailure?.() ?? 0) };
  };

  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user) return fail("unknown_email");
  if (!passwordOk) return fail("wrong_password");
  if (user.disabledAt) return fail("disabled");
  // Without two-factor the code is not looked at: an account that must enrol is made to after this sign-in.
  const needsCode = user.totpEnabled && user.totpSecretEnc !== null;
  if (needsCode && !totp) return fail("missing_code");

  const outcome = await db.transaction(async (tx) => {
    if (needsCode) {
      const check = await verifyTotpOnce(tx, user.id, totp ?? "");
      if (!check.ok) return { ok: false as const, reason: check.reason };
    }
    if (devKey) {
      await clearLimit(tx, devKey);
    } else {
      await clearLimit(tx, acctKey);
      await releaseAttempt(tx, ipKey);
    }
    const token = await createSession(tx, { userId: user.id, ip: client.ip, userAgent: client.userAgent });
    const actor = { userId: user.id, email, ip: client.ip, userAgent: client.userAgent };
    await writeAudit(tx, actor, { action: "auth.sign_in", targetType: "user", targetId: user.id, after: { device: known ? "known" : "new" } });
    return { ok: true as const, token };
  });
  if (!outcome.ok) return fail(outcome.reason);
  const newToken = known || !cookie ? null : issueDeviceToken(user.id, user.deviceGeneration);
  return { ok: true, token: outcome.token, userId: user.id, device: cookie && newToken ? { cookie, token: newToken } : null };
}
