import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { matchTotpStep, totpAad } from "./totp";

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "no_secret" | "wrong_code" | "reused_code" };

/**
 * Check a user's TOTP code and use it up: the accepted time step is stored with a conditional update, so the same
 * code (or an older one) is refused afterwards, also when two requests race. Call it inside the transaction of
 * what the code authorises (a sign-in, turning two-factor on, an approval), so both commit or neither does.
 */
export async function verifyTotpOnce(tx: DbOrTx, userId: number, code: string, now = Date.now()): Promise<TotpCheck> {
  const row = (await tx.select({ enc: users.totpSecretEnc }).from(users).where(eq(users.id, userId)).limit(1))[0];
  if (!row?.enc) return { ok: false, reason: "no_secret" };
  const step = matchTotpStep(code, decryptSecret(row.enc, totpAad(userId)), now);
  if (step === null) return { ok: false, reason: "wrong_code" };
  const used = await tx
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return used.length === 1 ? { ok: true, step } : { ok: false, reason: "reused_code" };
}
