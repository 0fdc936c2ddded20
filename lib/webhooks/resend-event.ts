import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { webhookEvents } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { auditActor, withTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { WEBHOOK_DELIVER, type WebhookDeliverJob } from "@/lib/jobs/queues";
import { endpointIdOf, findEndpoint } from "./find-endpoint";
import type { resendSchema } from "./schemas";

/**
 * Send a stored event to an endpoint once more (the same id and body, signed now): one attempt on the job queue,
 * no retries, logged as a resend. Even to a disabled endpoint, so an admin can test it before enabling it again.
 */
export async function resendEvent({ ctx, input, params }: { ctx: Ctx; input: z.output<typeof resendSchema>; params: Record<string, string | string[] | undefined> }): Promise<{ queued: true }> {
  const id = endpointIdOf(params);
  await withTransaction(ctx, async (t) => {
    const endpoint = await findEndpoint(t, id);
    const [event] = await t.db.select({ id: webhookEvents.id }).from(webhookEvents).where(and(eq(webhookEvents.id, input.eventId), eq(webhookEvents.merchantId, endpoint.merchantId)));
    if (!event) throw new AppError("not_found", "No such event for this endpoint's credential.", { eventId: "No such event for this credential" });
    await enqueue(t.db, WEBHOOK_DELIVER, { eventId: event.id, endpointId: id, resentBy: ctx.user.id } satisfies WebhookDeliverJob, { retryLimit: 0 });
    await writeAudit(t.db, auditActor(t), { action: "webhook_event.resent", targetType: "webhook_endpoint", targetId: id, after: { eventId: event.id } });
  });
  return { queued: true };
}
