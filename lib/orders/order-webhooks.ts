import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { webhookEndpoints } from "@/db/schema";
import { enqueueMany } from "@/lib/jobs/queue";
import { WEBHOOK_EVENT, type WebhookEventJob } from "@/lib/jobs/queues";
import type { OrderType } from "@/lib/order-status/transitions";
import type { WebhookEventType } from "@/lib/order-status/webhook-events";

export interface OrderWebhookEvent {
  type: WebhookEventType;
  orderType: OrderType;
  orderId: number;
  merchantId: number;
  at: string;
}

/**
 * Queue the webhook events of changes the caller is committing, in its transaction: an event exists only if the
 * change commits, and is never lost to a crash after it. Merchants with no enabled endpoint get no job; the job
 * itself (lib/webhooks) stores the event and fans it out to the endpoints subscribed to it.
 */
export async function enqueueOrderWebhooks(tx: DbOrTx, events: readonly OrderWebhookEvent[]): Promise<void> {
  if (events.length === 0) return;
  const ids = [...new Set(events.map((e) => e.merchantId))];
  const listening = await tx
    .selectDistinct({ merchantId: webhookEndpoints.merchantId })
    .from(webhookEndpoints)
    .where(and(inArray(webhookEndpoints.merchantId, ids), eq(webhookEndpoints.enabled, true)));
  const on = new Set(listening.map((r) => r.merchantId));
  const jobs = events
    .filter((e) => on.has(e.merchantId))
    .map((e) => ({ data: { eventId: `evt_${randomUUID().replaceAll("-", "")}`, ...e } satisfies WebhookEventJob }));
  await enqueueMany(tx, WEBHOOK_EVENT, jobs);
}
