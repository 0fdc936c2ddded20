import "server-only";
import { and, arrayContains, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { webhookEndpoints, webhookEvents } from "@/db/schema";
import { enqueueMany } from "@/lib/jobs/queue";
import { WEBHOOK_DELIVER, type WebhookDeliverJob, type WebhookEventJob } from "@/lib/jobs/queues";
import { orderPayload } from "./event-payload";

/**
 * Store one event (its body fixed now, so every attempt and resend sends the same) and queue one delivery per
 * enabled endpoint of the credential subscribed to its type, in one transaction. A retried job finds the event
 * stored and does nothing, so no endpoint gets an event twice from here.
 */
export async function fanOutEvent(db: DbOrTx, job: WebhookEventJob): Promise<{ endpoints: number }> {
  const data = await orderPayload(db, job.orderType, job.orderId);
  if (!data) return { endpoints: 0 };
  return db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(webhookEvents)
      .values({ id: job.eventId, merchantId: job.merchantId, type: job.type, orderType: job.orderType, orderId: job.orderId, payload: data, createdAt: new Date(job.at) })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    if (!stored) return { endpoints: 0 };
    const targets = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.merchantId, job.merchantId), eq(webhookEndpoints.enabled, true), arrayContains(webhookEndpoints.events, [job.type])));
    await enqueueMany(tx, WEBHOOK_DELIVER, targets.map((t) => ({ data: { eventId: job.eventId, endpointId: t.id } satisfies WebhookDeliverJob })));
    return { endpoints: targets.length };
  });
}
