import "server-only";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db";
import { WEBHOOK_DELIVER, WEBHOOK_EVENT, type WebhookDeliverJob, type WebhookEventJob } from "@/lib/jobs/queues";
import { deliverWebhook, type DeliverOptions } from "./deliver-webhook";
import { fanOutEvent } from "./fan-out-event";

/**
 * The webhook jobs: storing an event and fanning it out, and one attempt per delivery job. A failed attempt throws,
 * so pg-boss retries it with its backoff (the queue's policy in lib/jobs/queues.ts); the job lives in PostgreSQL and
 * survives a restart. Never run inside a request or a callback's answer.
 */
export async function registerWebhookWorkers(boss: PgBoss, db: () => DbOrTx, opts: DeliverOptions & { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const polling = opts.pollingIntervalSeconds ?? 2;
  await boss.work<WebhookEventJob>(WEBHOOK_EVENT, { batchSize: 1, pollingIntervalSeconds: polling }, async ([job]) => {
    if (job) return fanOutEvent(db(), job.data);
  });
  await boss.work<WebhookDeliverJob>(WEBHOOK_DELIVER, { batchSize: 1, localConcurrency: 4, pollingIntervalSeconds: polling }, async ([job]) => {
    if (!job) return;
    const outcome = await deliverWebhook(db(), job.data, opts);
    if (outcome === "retry") throw new Error(`webhook ${job.data.eventId} to endpoint ${job.data.endpointId} not delivered yet`);
    return { outcome };
  });
}
