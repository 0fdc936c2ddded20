import "server-only";
import { eq } from "drizzle-orm";
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
  if (!allowKeyRequest(row.k.id, env().API_KEY_REQUESTS_PER_MINUTE, now.getTime())) {
    throw new AppError("rate_limited", `This API key made more than ${env().API_KEY_REQUESTS_PER_MINUTE} requests this minute. Wait a moment.`);
  }
  await db.update(apiKeys).set({ lastUsedAt: now, lastUsedIp: ip }).where(eq(apiKeys.id, row.k.id));
  const user: SessionUser = { ...row.u, mustChangePassword: false, totpEnabled: false, sessionId: 0 };
  return { key: { id: row.k.id, prefix: row.k.prefix, name: row.k.name, scopes: row.k.scopes as ApiScope[] }, user };
}

/** One-minute window per key, in this process (N instances allow N times the limit, as the payer page's). */
const windows = new Map<number, { start: number; n: number }>();

export function allowKeyRequest(keyId: number, limit: number, now = Date.now()): boolean {
  let w = windows.get(keyId);
  if (!w || now - w.start >= 60_000) {
    w = { start: now, n: 0 };
    windows.set(keyId, w);
  }
  w.n += 1;
  return w.n <= limit;
}
