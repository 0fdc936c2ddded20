import "server-only";
import { eq } from "drizzle-orm";
import { webhookEndpoints } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { auditActor, withTransaction, type Ctx } from "@/lib/context";
import { toEndpointView, type WebhookEndpointView } from "./endpoint-view";
import { endpointIdOf, findEndpoint } from "./find-endpoint";

/**
 * Switch an endpoint back on after it was switched off (3 days of failures): new events are sent again, and its
 * failure clock starts afresh. Events of the days it was off are not sent by themselves; resend them from the log.
 */
export async function enableEndpoint({ ctx, params }: { ctx: Ctx; params: Record<string, string | string[] | undefined> }): Promise<{ endpoint: WebhookEndpointView }> {
  const id = endpointIdOf(params);
  const row = await withTransaction(ctx, async (t) => {
    const before = await findEndpoint(t, id, true);
    const [saved] = await t.db
      .update(webhookEndpoints)
      .set({ enabled: true, failingSince: null, disabledAt: null, disabledReason: null, updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!saved) throw new Error("enableEndpoint: no row");
    await writeAudit(t.db, auditActor(t), { action: "webhook_endpoint.enabled", targetType: "webhook_endpoint", targetId: id, before: { enabled: before.enabled, disabledReason: before.disabledReason }, after: { enabled: true } });
    return saved;
  });
  return { endpoint: toEndpointView(row) };
}
