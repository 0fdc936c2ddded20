import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { apiKeys, users } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ApiKeyRef, SessionUser } from "@/lib/context";
import type { ApiScope } from "./api-key-scopes";
import { prefixOf, secretMatches } from "./api-key-secret";

export interface KeyPrincipal {
  key: ApiKeyRef & { scopes: ApiScope[] };
  user: SessionUser;
}

const WRONG = "This API key is not valid: it is unknown, revoked, or its secret was replaced.";

/** `Authorization: Bearer <secret>`, or null when the request carries no bearer token (a browser's session). */
export function bearerToken(req: Request): string | null {
  const h = req.headers.get("authorization");
  if (h === null) return null;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(h);
  return m?.[1] ?? "";
}

/**
 * The key a secret belongs to, if it is active: the current secret, or the previous one until its overlap ends.
 * Every refusal reads the same (401), whether the key is unknown, revoked or the secret wrong; a key still waiting
 * for a second admin says so, but only to the holder of its right secret. Records when and from where it was used.
 */
export async function authenticateApiKey(db: DbOrTx, secret: string, ip: string | null, now = new Date()): Promise<KeyPrincipal> {
  const prefix = prefixOf(secret);
  if (!prefix) throw new AppError("unauthorized", WRONG);
  const [row] = await db
    .select({ k: apiKeys, u: { id: users.id, email: users.email, name: users.name, role: users.role } })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.serviceUserId))
    .where(eq(apiKeys.prefix, prefix))
    .limit(1);
  const current = secretMatches(secret, row?.k.secretHash ?? null);
  const previous = !current && !!row?.k.previousValidUntil && row.k.previousValidUntil > now && secretMatches(secret, row.k.previousSecretHash);
  if (!row || (!current && !previous) || row.k.status === "revoked") throw new AppError("unauthorized", WRONG);
  if (row.k.status !== "active") throw new AppError("forbidden", "This API key waits for a second admin's approval.");
  const limit = env().API_KEY_REQUESTS_PER_MINUTE;
  if (!(await takeKeyRequest(db, row.k.id, ip, now, limit))) {
    throw new AppError("rate_limited", `This API key made more than ${limit} requests this minute. Wait a moment.`);
  }
  const user: SessionUser = { ...row.u, mustChangePassword: false, totpEnabled: false, sessionId: 0 };
  return { key: { id: row.k.id, prefix: row.k.prefix, name: row.k.name, scopes: row.k.scopes as ApiScope[] }, user };
}

/**
 * Count one request of the key in this clock minute and record when and from where it was used: one statement, on
 * the key's row, so every instance shares the count (N instances do not allow N times the limit). False past the
 * limit: the request is refused (and still counted, so a client that keeps hammering stays refused all minute).
 */
export async function takeKeyRequest(db: DbOrTx, keyId: number, ip: string | null, now: Date, limit: number): Promise<boolean> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const [r] = await db
    .update(apiKeys)
    .set({
      lastUsedAt: now,
      lastUsedIp: ip,
      minuteStart: minute,
      minuteRequests: sql`case when ${apiKeys.minuteStart} = ${minute.toISOString()}::timestamptz then ${apiKeys.minuteRequests} + 1 else 1 end`,
    })
    .where(eq(apiKeys.id, keyId))
    .returning({ n: apiKeys.minuteRequests });
  return (r?.n ?? Number.POSITIVE_INFINITY) <= limit;
}
