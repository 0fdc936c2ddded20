import "server-only";
import { desc, eq } from "drizzle-orm";
import { webhookDeliveries, webhookEvents } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { toEndpointView, type WebhookEndpointView } from "./endpoint-view";
import { endpointIdOf, findEndpoint } from "./find-endpoint";

export interface WebhookDeliveryView {
  id: number;
  eventId: string;
  eventType: string;
  orderType: string;
  orderId: number;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  resent: boolean;
  at: string;
}

/** An endpoint's last 200 attempts, newest first: the delivery log. */
export async function listDeliveries({ ctx, params }: { ctx: Ctx; params: Record<string, string | string[] | undefined> }): Promise<{ endpoint: WebhookEndpointView; deliveries: WebhookDeliveryView[] }> {
  const endpoint = await findEndpoint(ctx, endpointIdOf(params));
  const rows = await ctx.db
    .select({ d: webhookDeliveries, type: webhookEvents.type, orderType: webhookEvents.orderType, orderId: webhookEvents.orderId })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpoint.id))
    .orderBy(desc(webhookDeliveries.id))
    .limit(200);
  return {
    endpoint: toEndpointView(endpoint),
    deliveries: rows.map(({ d, type, orderType, orderId }) => ({
      id: d.id, eventId: d.eventId, eventType: type, orderType, orderId, attempt: d.attempt, ok: d.ok, statusCode: d.statusCode,
      durationMs: d.durationMs, error: d.error, resent: d.resentBy !== null, at: d.createdAt.toISOString(),
    })),
  };
}
