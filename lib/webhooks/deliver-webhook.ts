import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { auditActor, systemCtx } from "@/lib/context";
import type { WebhookDeliverJob } from "@/lib/jobs/queues";
import { postWebhook } from "./post-webhook";
import { openSecret } from "./secret";
import { signatureHeader } from "./sign";
import { isAllowListed, webhookUrlProblem } from "./url-policy";

/** An event is retried for this long; an endpoint failing this long is disabled. */
export const WEBHOOK_RETRY_WINDOW_MS = 3 * 86_400_000;

export type DeliveryOutcome = "delivered" | "retry" | "given_up" | "skipped";

export interface DeliverOptions {
  /** Extra CA to trust: tests only (a local https receiver with a self-signed certificate). */
  ca?: string;
  now?: () => Date;
}

/** The exact bytes sent: `{ id, type, created, data }`, created in unix seconds. */
export function eventBody(e: typeof webhookEvents.$inferSelect): string {
  return JSON.stringify({ id: e.id, type: e.type, created: Math.floor(e.createdAt.getTime() / 1000), data: e.payload });
}

/**
 * One attempt of one event to one endpoint: sign with the current secret (and the previous one during a roll's
 * overlap), POST, and record the attempt. Failures return "retry" while the event is younger than 3 days; an
 * endpoint that has failed for 3 days is disabled (audited, shown on the admins' bell).
 */
export async function deliverWebhook(db: DbOrTx, job: WebhookDeliverJob, opts: DeliverOptions = {}): Promise<DeliveryOutcome> {
  const now = opts.now?.() ?? new Date();
  const [row] = await db
    .select({ e: webhookEndpoints, ev: webhookEvents })
    .from(webhookEndpoints)
    .innerJoin(webhookEvents, eq(webhookEvents.id, job.eventId))
    .where(eq(webhookEndpoints.id, job.endpointId));
  if (!row || (!row.e.enabled && !job.resentBy)) return "skipped";
  const { e, ev } = row;
  const body = eventBody(ev);
  const secrets = [openSecret(e.id, e.secretEnc)];
  if (e.previousSecretEnc && e.previousSecretUntil && e.previousSecretUntil > now) secrets.push(openSecret(e.id, e.previousSecretEnc, "previous_secret"));
  const t = Math.floor(now.getTime() / 1000);
  const problem = webhookUrlProblem(e.url);
  const result = problem
    ? { ok: false, statusCode: null, durationMs: 0, error: `not sent: ${problem}` }
    : await postWebhook(e.url, body, { "x-webhook-signature": signatureHeader(secrets, t, body), "x-webhook-id": ev.id, "x-webhook-event": ev.type }, {
        allowPrivate: isAllowListed(new URL(e.url)),
        ca: opts.ca,
      });
  await db.transaction(async (tx) => {
    const [n] = await tx.select({ n: count() }).from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, e.id), eq(webhookDeliveries.eventId, ev.id)));
    await tx.insert(webhookDeliveries).values({
      endpointId: e.id, eventId: ev.id, attempt: (n?.n ?? 0) + 1, ok: result.ok, statusCode: result.statusCode,
      durationMs: result.durationMs, error: result.error?.slice(0, 300) ?? null, resentBy: job.resentBy ?? null, createdAt: now,
    });
    if (result.ok) {
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, e.id));
      return;
    }
    const [after] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, e.id))
      .returning({ failingSince: webhookEndpoints.failingSince, enabled: webhookEndpoints.enabled });
    if (after?.enabled && after.failingSince && now.getTime() - after.failingSince.getTime() >= WEBHOOK_RETRY_WINDOW_MS) await disable(tx, e.id, now);
  });
  if (result.ok) return "delivered";
  return job.resentBy || now.getTime() - ev.createdAt.getTime() >= WEBHOOK_RETRY_WINDOW_MS ? "given_up" : "retry";
}

async function disable(tx: DbOrTx, id: number, now: Date): Promise<void> {
  const reason = "Every delivery failed for 3 days";
  await tx.update(webhookEndpoints).set({ enabled: false, disabledAt: now, disabledReason: reason, updatedAt: now }).where(eq(webhookEndpoints.id, id));
  await writeAudit(tx, auditActor(systemCtx(tx, "jobs")), { action: "webhook_endpoint.disabled", targetType: "webhook_endpoint", targetId: id, after: { reason } });
}
