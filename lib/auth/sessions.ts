import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { SessionUser } from "@/lib/context";
import { sessions, users } from "@/db/schema";
import { isRole } from "./permissions";
import type { SessionEndReason } from "./session-end";
import { ABSOLUTE_LIMIT_MS, IDLE_TIMEOUT_MS, TOUCH_EVERY_MS } from "./session-policy";

/**
 * Database sessions. The browser holds a random token inside next-auth's encrypted cookie; the database keeps
 * only its SHA-256, so a dump cannot be replayed. Every request re-checks the row: revoked, idle for 15
 * minutes, past the absolute limit, or its user disabled -> no session, at once.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  db: DbOrTx,
  args: { userId: number; ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId: args.userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ABSOLUTE_LIMIT_MS),
    ip: args.ip,
    userAgent: args.userAgent?.slice(0, 512) ?? null,
  });
  return token;
}

export type { SessionUser };

/**
 * Every signed-in request reads its session: the statement is built once per database handle and sent as a prepared
 * statement (its text is the same each time), so neither the app nor PostgreSQL rebuilds or re-plans it per request.
 * It still reads the row afresh every time.
 */
const sessionRows = new WeakMap<DbOrTx, ReturnType<typeof buildSessionRow>>();
const buildSessionRow = (db: DbOrTx) =>
  db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      mustChangePassword: users.mustChangePassword,
      totpEnabled: users.totpEnabled,
      disabledAt: users.disabledAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder("hash")))
    .limit(1)
    .prepare("resolve_session");

function sessionRow(db: DbOrTx) {
  let q = sessionRows.get(db);
  if (!q) sessionRows.set(db, (q = buildSessionRow(db)));
  return q;
}

/**
 * The user behind a session token, or null. Refreshes last_seen_at (throttled) only when `touch`: a person's own
 * input (lib/auth/activity.ts), never a tab's background fetches or its event stream, keeps a session from idling.
 */
export async function resolveSession(
  db: DbOrTx,
  token: string,
  now = new Date(),
  opts: { touch?: boolean; forceTouch?: boolean } = {},
): Promise<SessionUser | null> {
  const touch = opts.touch ?? true;
  const rows = await sessionRow(db).execute({ hash: hashToken(token) });
  const row = rows[0];
  if (!row || row.revokedAt || row.disabledAt || !isRole(row.role)) return null;
  if (row.expiresAt.getTime() <= now.getTime()) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) return null;
  if (opts.forceTouch || (touch && now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    mustChangePassword: row.mustChangePassword,
    totpEnabled: row.totpEnabled,
    sessionId: row.sessionId,
  };
}

/** Why a token no longer signs in (for the sign-in page's message), or null when it still does or is unknown. */
export async function sessionEndReason(db: DbOrTx, token: string, now = new Date()): Promise<SessionEndReason | null> {
  const row = (
    await db
      .select({ lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, revokedAt: sessions.revokedAt, reason: sessions.revokedReason, disabledAt: users.disabledAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, hashToken(token)))
      .limit(1)
  )[0];
  if (!row) return null;
  if (row.disabledAt) return "disabled";
  // A sign-out of one's own leaves no reason: nothing to explain.
  if (row.revokedAt) return (row.reason as SessionEndReason | null) ?? null;
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  if (now.getTime() - row.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) return "idle";
  return null;
}

export async function revokeSession(db: DbOrTx, token: string, reason: SessionEndReason | null = null): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)));
}

/** End every open session of a user (disable, role change, password or 2FA reset), but the one named. */
export async function revokeUserSessions(
  db: DbOrTx,
  userId: number,
  exceptSessionId?: number,
  reason: SessionEndReason | null = null,
): Promise<void> {
  const keep = exceptSessionId === undefined ? undefined : ne(sessions.id, exceptSessionId);
  await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep));
}
