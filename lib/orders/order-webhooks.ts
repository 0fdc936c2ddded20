import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { webhookEndpoints } from "@/db/schema";
import { jobsInsertSql } from "@/lib/jobs/job-insert-sql";
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

/**
 * The same jobs as one CTE step (`w as (insert …)`) for the caller's own statement, so the status change pays no
 * extra round trip: each job is inserted only if its credential has an enabled endpoint. The events travel as one
 * JSON parameter, so the step's text is the same for one event or a hundred. Null when pg-boss's insert cannot be
 * embedded; the caller then uses enqueueOrderWebhooks.
 */
export async function orderWebhookSteps(events: readonly OrderWebhookEvent[]): Promise<SQL[] | null> {
  if (events.length === 0) return [];
  const items = events.map((e) => ({ merchantId: e.merchantId, data: { eventId: `evt_${randomUUID().replaceAll("-", "")}`, ...e } satisfies WebhookEventJob }));
  const listening = sql`exists (select 1 from ${webhookEndpoints} where ${webhookEndpoints.merchantId} = (e.item ->> 'merchantId')::bigint and ${webhookEndpoints.enabled})`;
  const datas = sql`select case when ${listening} then e.item -> 'data' end from jsonb_array_elements(cast(${JSON.stringify(items)} as jsonb)) as e(item)`;
  const job = await jobsInsertSql(WEBHOOK_EVENT, {}, datas);
  return job ? [sql`w as (${job})`] : null;
}
