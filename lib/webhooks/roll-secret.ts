import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { webhookEndpoints } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { auditActor, withTransaction, type Ctx } from "@/lib/context";
import { toEndpointView, type WebhookEndpointView } from "./endpoint-view";
import { endpointIdOf, findEndpoint } from "./find-endpoint";
import type { rollSecretSchema } from "./schemas";
import { newWebhookSecret, openSecret, sealSecret } from "./secret";

/**
 * A new signing secret (returned once). The current one becomes the previous one and keeps signing beside it for
 * `overlapHours` (two `v1=` in the header), so the receiver can switch over without refusing an event.
 */
export async function rollSecret({ ctx, input, params }: { ctx: Ctx; input: z.output<typeof rollSecretSchema>; params: Record<string, string | string[] | undefined> }): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const id = endpointIdOf(params);
  const secret = newWebhookSecret();
  const row = await withTransaction(ctx, async (t) => {
    const e = await findEndpoint(t, id, true);
    const until = new Date(Date.now() + input.overlapHours * 3_600_000);
    const previous = input.overlapHours > 0 ? sealSecret(id, openSecret(id, e.secretEnc), "previous_secret") : null;
    const [saved] = await t.db
      .update(webhookEndpoints)
      .set({ secretEnc: sealSecret(id, secret), previousSecretEnc: previous, previousSecretUntil: previous ? until : null, updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!saved) throw new Error("rollSecret: no row");
    await writeAudit(t.db, auditActor(t), {
      action: "webhook_endpoint.secret_rolled",
      targetType: "webhook_endpoint",
      targetId: id,
      after: { overlapHours: input.overlapHours },
    });
    return saved;
  });
  return { endpoint: toEndpointView(row), secret };
}
