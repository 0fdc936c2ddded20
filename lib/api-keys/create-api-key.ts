import "server-only";
import { randomBytes } from "node:crypto";
import { inArray } from "drizzle-orm";
import { apiKeys, merchants, userMerchants, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { API_SCOPE_LABELS, needsFourEyes } from "@/lib/auth/api-key-scopes";
import { newPrefix, newSecret } from "@/lib/auth/api-key-secret";
import { hashPassword } from "@/lib/auth/password";
import { auditActor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { PendingChangeRef } from "@/lib/pending-changes/kinds";
import { requestChange } from "@/lib/pending-changes/request-change";
import { readApiKey, type ApiKeyView } from "./api-key-view";
import type { CreateApiKey } from "./schemas";

/** Service identities are never people: this domain cannot receive mail, and the row is disabled for sign-in. */
export const SERVICE_EMAIL_DOMAIN = "api-keys.invalid";

/**
 * A new key: its service identity (a users row that can never sign in: disabled, an unknown password) sees exactly
 * the chosen credentials. The secret is returned once and only its hash is stored. A key that can create pay-outs
 * or pay-ins stays `pending` until another admin approves it (pending change `api_key_activate`).
 */
export async function createApiKey({ ctx, input }: { ctx: Ctx; input: CreateApiKey }): Promise<{ apiKey: ApiKeyView; secret: string; pendingChange: PendingChangeRef | null }> {
  const unusable = await hashPassword(randomBytes(32).toString("base64url"));
  return ctx.db.transaction(async (tx) => {
    const found = await tx.select({ id: merchants.id, name: merchants.name }).from(merchants).where(inArray(merchants.id, input.credentialIds));
    if (found.length !== input.credentialIds.length) {
      throw new AppError("invalid_input", "Some fields need attention.", { credentialIds: "Choose credentials from the list." });
    }
    const prefix = newPrefix();
    const { secret, hash } = newSecret(prefix);
    const [svc] = await tx
      .insert(users)
      .values({ email: `${prefix}@${SERVICE_EMAIL_DOMAIN}`, name: `API key: ${input.name}`, role: "finance", passwordHash: unusable, disabledAt: new Date() })
      .returning({ id: users.id });
    if (!svc) throw new Error("service identity not stored");
    await tx.insert(userMerchants).values(found.map((m) => ({ userId: svc.id, merchantId: m.id })));
    const fourEyes = needsFourEyes(input.scopes);
    const [k] = await tx
      .insert(apiKeys)
      .values({ name: input.name, prefix, secretHash: hash, scopes: input.scopes, status: fourEyes ? "pending" : "active", activatedAt: fourEyes ? null : new Date(), serviceUserId: svc.id, createdBy: ctx.user.id })
      .returning({ id: apiKeys.id });
    if (!k) throw new Error("api key not stored");
    const facts = { name: input.name, prefix, scopes: input.scopes, credentials: found.map((m) => m.name) };
    await writeAudit(tx, auditActor(ctx), { action: "api_key.created", targetType: "api_key", targetId: k.id, after: { ...facts, status: fourEyes ? "pending" : "active" } });
    const pendingChange = fourEyes
      ? await requestChange(tx, ctx, {
          kind: "api_key_activate",
          targetType: "api_key",
          targetId: k.id,
          summary: `Activate API key "${input.name}" (${prefix}) for ${facts.credentials.join(", ")} that may: ${input.scopes.map((s) => API_SCOPE_LABELS[s].toLowerCase()).join(", ")}`,
          payload: facts,
        })
      : null;
    return { apiKey: await readApiKey(tx, k.id), secret, pendingChange };
  });
}
