import "server-only";
import { desc } from "drizzle-orm";
import { webhookEndpoints } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { toEndpointView, type WebhookEndpointView } from "./endpoint-view";
import { scopeWhere } from "./find-endpoint";

/** The endpoints of the person's merchants, newest first. */
export async function listEndpoints({ ctx }: { ctx: Ctx }): Promise<{ endpoints: WebhookEndpointView[] }> {
  const rows = await ctx.db.select().from(webhookEndpoints).where(await scopeWhere(ctx)).orderBy(desc(webhookEndpoints.id)).limit(200);
  return { endpoints: rows.map((r) => toEndpointView(r)) };
}
