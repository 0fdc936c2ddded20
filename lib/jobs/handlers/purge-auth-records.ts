import "server-only";
import { and, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { authRateLimits, sessions } from "@/db/schema";

export const PURGE_AUTH_RECORDS = "purge-auth-records";

const DAY = 86_400_000;

/**
 * Housekeeping: sessions that ended more than a day ago and sign-in counters whose window and lock are over.
 * Ended sessions stay a day so "who was signed in" questions can still be answered from them.
 */
export async function purgeAuthRecords(db: DbOrTx, now = new Date()): Promise<{ sessions: number; limits: number }> {
  const dayAgo = new Date(now.getTime() - DAY);
  const s = await db
    .delete(sessions)
    .where(or(and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, dayAgo)), lt(sessions.expiresAt, dayAgo)))
    .returning({ id: sessions.id });
  const l = await db
    .delete(authRateLimits)
    .where(and(lt(authRateLimits.windowStart, dayAgo), or(isNull(authRateLimits.lockedUntil), lt(authRateLimits.lockedUntil, now))))
    .returning({ key: authRateLimits.key });
  return { sessions: s.length, limits: l.length };
}
