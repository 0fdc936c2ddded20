import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { dummyHash, verifyPassword } from "./password";
import { ACCOUNT_POLICY, ADDRESS_POLICY, claimAttempt, clearLimit, delayAfter, releaseAttempt } from "./rate-limit";
import { signInSchema } from "./schemas";
import { createSession } from "./sessions";
import { SIGN_IN_ERRORS, withWait, type SignInErrorCode } from "./sign-in-errors";
import { verifyTotpOnce } from "./verify-totp-once";

export { totpAad } from "./totp";

export type SignInResult = { ok: true; token: string; userId: number } | { ok: false; error: string };

/**
 * One sign-in attempt. The address and the account each claim a slot first: before its "not before" time the
 * attempt is refused with the wait and nothing is checked. Then password, account state and the one-time code
 * (used up in the transaction that creates the session). Failures make the next wait longer, never a lock: the
 * right password and code always get in once the wait is over. Every outcome is audited.
 */
export async function attemptSignIn(
  db: Db,
  raw: { email?: unknown; password?: unknown; totp?: unknown },
  client: { ip: string | null; userAgent: string | null },
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse({ ...raw, totp: raw.totp === "" ? undefined : raw.totp });
  if (!parsed.success) return { ok: false, error: SIGN_IN_ERRORS.invalid };
  const { email, password, totp } = parsed.data;
  const acctKey = `acct:${email}`;
  const ipKey = `ip:${client.ip ?? "unknown"}`;
  const actor = { userId: null, email, ip: client.ip, userAgent: client.userAgent };

  const refuse = async (scope: "address" | "account", waitMs: number): Promise<SignInResult> => {
    const waitSeconds = Math.ceil(waitMs / 1000);
    await writeAudit(db, actor, { action: "auth.sign_in_throttled", targetType: "user", targetId: email, after: { scope, waitSeconds } });
    return { ok: false, error: withWait(SIGN_IN_ERRORS.throttled, waitMs) };
  };
  // The address first: when the account then refuses, the address gets its slot back.
  const addr = await claimAttempt(db, ipKey, ADDRESS_POLICY);
  if (!addr.ok) return refuse("address", addr.waitMs);
  const acct = await claimAttempt(db, acctKey, ACCOUNT_POLICY);
  if (!acct.ok) {
    await releaseAttempt(db, ipKey);
    return refuse("account", acct.waitMs);
  }

  const user = (await db.select().from(users).where(eq(users.email, email)).limit(1))[0];
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);

  // The failure is already counted (the claim); say so in the audit log and tell how long to wait.
  const fail = async (reason: string, code: SignInErrorCode): Promise<SignInResult> => {
    await writeAudit(db, { ...actor, userId: user?.id ?? null }, {
      action: "auth.sign_in_failed",
      targetType: "user",
      targetId: user?.id ?? email,
      after: { reason, failures: acct.failures },
    });
    const waitMs = Math.max(delayAfter(acct.failures, ACCOUNT_POLICY), delayAfter(addr.failures, ADDRESS_POLICY));
    return { ok: false, error: withWait(code, waitMs) };
  };

  if (!user || !passwordOk) return fail(user ? "wrong_password" : "unknown_email", SIGN_IN_ERRORS.invalid);
  if (user.disabledAt) return fail("disabled", SIGN_IN_ERRORS.disabled);

  const needsCode = user.totpEnabled && user.totpSecretEnc !== null;
  if (needsCode && !totp) {
    await Promise.all([releaseAttempt(db, acctKey), releaseAttempt(db, ipKey)]);
    return { ok: false, error: SIGN_IN_ERRORS.totpRequired };
  }

  const outcome = await db.transaction(async (tx) => {
    if (needsCode) {
      const check = await verifyTotpOnce(tx, user.id, totp ?? "");
      if (!check.ok) return { ok: false as const, reason: check.reason };
    }
    await clearLimit(tx, acctKey);
    await releaseAttempt(tx, ipKey);
    const token = await createSession(tx, { userId: user.id, ip: client.ip, userAgent: client.userAgent });
    await writeAudit(tx, { ...actor, userId: user.id }, { action: "auth.sign_in", targetType: "user", targetId: user.id });
    return { ok: true as const, token };
  });
  if (!outcome.ok) return fail(outcome.reason, SIGN_IN_ERRORS.totpInvalid);
  return { ok: true, token: outcome.token, userId: user.id };
}
