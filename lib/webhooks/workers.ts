import "server-only";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db";
import { jobResult } from "@/lib/jobs/job-result";
import { WEBHOOK_DELIVER, WEBHOOK_EVENT, type WebhookDeliverJob, type WebhookEventJob } from "@/lib/jobs/queues";
import { deliverWebhook, type DeliverOptions } from "./deliver-webhook";
import { fanOutEvent } from "./fan-out-event";

/**
 * Jobs per fetch. pg-boss waits a poll between fetches unless a fetch came back full (burstWhenBatchFull, which it
 * ignores for batches of one): one job per fetch made a worker take one event per poll, 0.5 a second, so a payroll's
 * webhooks took hours. Now a backlog is fetched batch after batch, each job still settled on its own.
 */
const EVENT_BATCH = 20;
/** Deliveries: a batch per fetch loop, all of it in flight at once (a slow endpoint holds its batch, not the others). */
const DELIVER_BATCH = 5;
const DELIVER_LOOPS = 4;

/**
 * The webhook jobs: storing an event and fanning it out, and one attempt per delivery job. A failed attempt fails its
 * own job, so pg-boss retries it with its backoff (the queue's policy in lib/jobs/queues.ts); the job lives in
 * PostgreSQL and survives a restart. Never run inside a request or a callback's answer.
 */
export async function registerWebhookWorkers(boss: PgBoss, db: () => DbOrTx, opts: DeliverOptions & { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const polling = opts.pollingIntervalSeconds ?? 2;
  const common = { pollingIntervalSeconds: polling, burstWhenBatchFull: true, perJobResults: true } as const;
  const deliverId = await boss.work<WebhookDeliverJob>(WEBHOOK_DELIVER, { ...common, batchSize: DELIVER_BATCH, localConcurrency: DELIVER_LOOPS }, (jobs) =>
    // A batch's deliveries at once, each settled on its own.
    Promise.all(
      jobs.map((job) =>
        jobResult(job, async () => {
          const outcome = await deliverWebhook(db(), job.data, opts);
          if (outcome === "retry") throw new Error(`webhook ${job.data.eventId} to endpoint ${job.data.endpointId} not delivered yet`);
          return { outcome };
        }),
      ),
    ),
  );
  // Events one after the other (each its own short transaction); the deliveries they queued are fetched at once,
  // not at the delivery workers' next poll.
  await boss.work<WebhookEventJob>(WEBHOOK_EVENT, { ...common, batchSize: EVENT_BATCH }, async (jobs) => {
    const out = [];
    let queued = 0;
    for (const job of jobs) {
      out.push(
        await jobResult(job, async () => {
          const r = await fanOutEvent(db(), job.data);
          queued += r.endpoints;
          return r;
        }),
      );
    }
    if (queued > 0) boss.notifyWorker(deliverId);
    return out;
  });
}
