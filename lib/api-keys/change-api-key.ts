import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { newSecret } from "@/lib/auth/api-key-secret";
import { auditActor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { readApiKey, type ApiKeyView } from "./api-key-view";

async function lockKey(ctx: Ctx, id: number) {
  const [k] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
  if (!k) throw new AppError("not_found", "No such API key.");
  return k;
}

/** Revoke at once: every secret of the key stops working (401) from the next request on. Tightens: no second admin. */
export async function revokeApiKey({ ctx, id }: { ctx: Ctx; id: number }): Promise<{ apiKey: ApiKeyView }> {
  return ctx.db.transaction(async (tx) => {
    const t = { ...ctx, db: tx };
    const k = await lockKey(t, id);
    if (k.status === "revoked") throw new AppError("conflict", "This API key was already revoked.");
    await tx
      .update(apiKeys)
      .set({ status: "revoked", revokedAt: new Date(), revokedBy: ctx.user.id, previousSecretHash: null, previousValidUntil: null })
      .where(and(eq(apiKeys.id, id), ne(apiKeys.status, "revoked")));
    await writeAudit(tx, auditActor(t), { action: "api_key.revoked", targetType: "api_key", targetId: id, before: { status: k.status }, after: { name: k.name, prefix: k.prefix, status: "revoked" } });
    return { apiKey: await readApiKey(tx, id) };
  });
}

/**
 * A new secret, shown once; the old one keeps working until now + overlapMinutes (0: it stops at once), so a
 * machine can switch without a gap. A secret older than the current one (an earlier roll's) stops now.
 */
export async function rollApiKey({ ctx, id, input }: { ctx: Ctx; id: number; input: { overlapMinutes: number } }): Promise<{ apiKey: ApiKeyView; secret: string }> {
  return ctx.db.transaction(async (tx) => {
    const t = { ...ctx, db: tx };
    const k = await lockKey(t, id);
    if (k.status !== "active") throw new AppError("conflict", k.status === "revoked" ? "This API key was revoked: create a new one." : "This API key waits for a second admin's approval: roll it once it is active.");
    const { secret, hash } = newSecret(k.prefix);
    const until = input.overlapMinutes > 0 ? new Date(Date.now() + input.overlapMinutes * 60_000) : null;
    await tx
      .update(apiKeys)
      .set({ secretHash: hash, previousSecretHash: until ? k.secretHash : null, previousValidUntil: until, rolledAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.status, "active")));
    await writeAudit(tx, auditActor(t), { action: "api_key.rolled", targetType: "api_key", targetId: id, after: { name: k.name, prefix: k.prefix, oldSecretValidUntil: until?.toISOString() ?? null } });
    return { apiKey: await readApiKey(tx, id), secret };
  });
}

/** The second admin's approval (lib/approvals/apply-change.ts): a pending key becomes active. */
export async function applyActivateApiKey(ctx: Ctx, id: number): Promise<void> {
  const k = await lockKey(ctx, id);
  if (k.status !== "pending") throw new AppError("conflict", "This API key is no longer waiting for approval.");
  await ctx.db.update(apiKeys).set({ status: "active", activatedAt: new Date() }).where(and(eq(apiKeys.id, id), eq(apiKeys.status, "pending")));
  await writeAudit(ctx.db, auditActor(ctx), { action: "api_key.activated", targetType: "api_key", targetId: id, after: { name: k.name, prefix: k.prefix, scopes: k.scopes } });
}
