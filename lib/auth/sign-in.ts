import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { dummyHash, verifyPassword } from "./password";
import { ACCOUNT_POLICY, ADDRESS_POLICY, clearLimit, readLimit, recordFailure, slowdownMs } from "./rate-limit";
import { signInSchema } from "./schemas";
import { createSession } from "./sessions";
import { lockedError, SIGN_IN_ERRORS } from "./sign-in-errors";
import { checkTotp } from "./totp";

export type SignInResult = { ok: true; token: string; userId: number } | { ok: false; error: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function totpAad(userId: number): string {
  return `users:${userId}:totp_secret`;
}

/**
 * One sign-in attempt: rate limits per account and per address, password, account state, two-factor,
 * then a database session. Every outcome is audited; failures are counted in the same transaction.
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

  const [acct, addr] = await Promise.all([readLimit(db, acctKey), readLimit(db, ipKey)]);
  const lockedMs = Math.max(acct.lockedForMs, addr.lockedForMs);
  if (lockedMs > 0) {
    await writeAudit(db, actor, { action: "auth.sign_in_locked", targetType: "user", targetId: email });
    return { ok: false, error: lockedError(lockedMs / 1000) };
  }
  await sleep(Math.max(slowdownMs(acct, ACCOUNT_POLICY), slowdownMs(addr, ADDRESS_POLICY)));

  const user = (await db.select().from(users).where(eq(users.email, email)).limit(1))[0];
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);

  const fail = async (reason: string, error: string): Promise<SignInResult> => {
    const states = await db.transaction(async (tx) => {
      const a = await recordFailure(tx, acctKey, ACCOUNT_POLICY);
      const b = await recordFailure(tx, ipKey, ADDRESS_POLICY);
      await writeAudit(tx, { ...actor, userId: user?.id ?? null }, {
        action: "auth.sign_in_failed",
        targetType: "user",
        targetId: user?.id ?? email,
        after: { reason, failures: a.failures },
      });
      return [a, b];
    });
    const nowLocked = Math.max(...states.map((s) => s.lockedForMs));
    return { ok: false, error: nowLocked > 0 ? lockedError(nowLocked / 1000) : error };
  };

  if (!user || !passwordOk) return fail(user ? "wrong_password" : "unknown_email", SIGN_IN_ERRORS.invalid);
  if (user.disabledAt) return fail("disabled", SIGN_IN_ERRORS.disabled);

  if (user.totpEnabled && user.totpSecretEnc) {
    if (!totp) return { ok: false, error: SIGN_IN_ERRORS.totpRequired };
    if (!checkTotp(totp, decryptSecret(user.totpSecretEnc, totpAad(user.id)))) {
      return fail("wrong_totp", SIGN_IN_ERRORS.totpInvalid);
    }
  }

  const token = await db.transaction(async (tx) => {
    await clearLimit(tx, acctKey);
    const t = await createSession(tx, { userId: user.id, ip: client.ip, userAgent: client.userAgent });
    await writeAudit(tx, { ...actor, userId: user.id }, { action: "auth.sign_in", targetType: "user", targetId: user.id });
    return t;
  });
  return { ok: true, token, userId: user.id };
}
