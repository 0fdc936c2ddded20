import "server-only";
import { and, eq } from "drizzle-orm";
import { merchants, webhookEndpoints } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { auditActor, withTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { toEndpointView, type WebhookEndpointView } from "./endpoint-view";
import type { CreateEndpointInput } from "./schemas";
import { newWebhookSecret, sealSecret } from "./secret";
import { assertWebhookUrlAllowed } from "./url-policy";

/**
 * A new endpoint for one credential's events. The secret is returned this once and stored only encrypted (bound
 * to the endpoint's id, so the row is inserted, then given its ciphertext, in one transaction with the audit row).
 */
export async function createEndpoint({ ctx, input }: { ctx: Ctx; input: CreateEndpointInput }): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  assertWebhookUrlAllowed(input.url);
  const scope = await merchantScope(ctx.db, ctx.user);
  if (scope !== null && !scope.includes(input.credentialId)) throw noCredential();
  const secret = newWebhookSecret();
  const row = await withTransaction(ctx, async (t) => {
    const [credential] = await t.db.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, input.credentialId));
    if (!credential) throw noCredential();
    const [made] = await t.db
      .insert(webhookEndpoints)
      .values({ merchantId: input.credentialId, url: input.url, events: input.events, secretEnc: "pending", createdBy: ctx.user.id })
      .returning({ id: webhookEndpoints.id });
    if (!made) throw new Error("createEndpoint: no row");
    const [saved] = await t.db
      .update(webhookEndpoints)
      .set({ secretEnc: sealSecret(made.id, secret) })
      .where(and(eq(webhookEndpoints.id, made.id), eq(webhookEndpoints.secretEnc, "pending")))
      .returning();
    if (!saved) throw new Error("createEndpoint: no row");
    await writeAudit(t.db, auditActor(t), {
      action: "webhook_endpoint.created",
      targetType: "webhook_endpoint",
      targetId: saved.id,
      after: { credentialId: saved.merchantId, url: saved.url, events: saved.events },
    });
    return saved;
  });
  return { endpoint: toEndpointView(row), secret };
}

const noCredential = () => new AppError("invalid_input", "Some fields need attention.", { credentialId: "No such credential among yours" });
