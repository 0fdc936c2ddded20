import "server-only";
import type { DbOrTx } from "@/db";
import { writeAudit } from "@/lib/audit/write-audit";
import { authenticateApiKey } from "@/lib/auth/api-key-auth";
import type { ApiScope } from "@/lib/auth/api-key-scopes";
import { apiKeyCtx, auditActor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * The context of a request made with an API key: the key must be valid (401) and the route must name a scope the
 * key holds (403). A route that names no scope is never reachable by key: approving, users, credentials, keys.
 */
export async function apiKeyRouteCtx(db: DbOrTx, secret: string, route: string, scope: ApiScope | undefined, client: { ip: string | null; userAgent: string | null }): Promise<Ctx> {
  const p = await authenticateApiKey(db, secret, client.ip);
  const ctx = apiKeyCtx(db, p.user, p.key, client.ip, client.userAgent);
  if (!scope || !p.key.scopes.includes(scope)) {
    await auditKeyUse(ctx, route, 403);
    throw new AppError("forbidden", scope ? `This API key does not hold the scope ${scope}.` : "An API key cannot use this route.");
  }
  return ctx;
}

/** Every use of a key is in the audit log as the key: the route and the answer's status (never the secret). */
export async function auditKeyUse(ctx: Ctx, route: string, status: number): Promise<void> {
  const key = ctx.actor.apiKey;
  if (!key) return;
  try {
    await writeAudit(ctx.db, auditActor(ctx), { action: "api_key.used", targetType: "api_key", targetId: key.id, after: { route, status } });
  } catch (err) {
    log().warn({ err: err instanceof Error ? err.message : String(err), keyId: key.id }, "could not audit an API key's use");
  }
}
