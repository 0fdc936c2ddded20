import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { authenticator } from "otplib";
import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { totpAad } from "./sign-in";
import { checkTotp } from "./totp";

const STEP_SECONDS = 30;

/**
 * Check a user's TOTP code and use it up: its time step is stored with a conditional update, so the same code
 * (or an older one) is refused afterwards, also when two requests race. Call it inside the transaction of what
 * the code authorises, so both commit or neither does. False for no secret, a wrong code or a used one.
 */
export async function verifyTotpOnce(db: DbOrTx, userId: number, code: string): Promise<boolean> {
  const row = (await db.select({ enc: users.totpSecretEnc }).from(users).where(eq(users.id, userId)).limit(1))[0];
  if (!row?.enc) return false;
  const secret = decryptSecret(row.enc, totpAad(userId));
  // checkTotp sets the shared options (window ±1 step); checkDelta says which step matched.
  if (!checkTotp(code, secret)) return false;
  const delta = authenticator.checkDelta(code, secret);
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 1000 / STEP_SECONDS) + delta;
  const used = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return used.length === 1;
}
