import "server-only";
import { eq } from "drizzle-orm";
import type { GatewayContext } from "./context";
import type { ControlResult } from "./control";
import { gwMerchants, gwScenarios } from "./schema";

/** A registered merchant as the gateway knows it: its public key, never its secret. */
export async function readMerchant(ctx: GatewayContext, merchantId: string): Promise<ControlResult> {
  const [row] = await ctx.db
    .select({ merchantId: gwMerchants.merchantId, name: gwMerchants.name, publicKey: gwMerchants.publicKey, updatedAt: gwMerchants.updatedAt })
    .from(gwMerchants)
    .where(eq(gwMerchants.merchantId, merchantId));
  return row ? { status: 200, body: row } : { status: 404, body: { error: "not found" } };
}

/** Queued scenarios (all, or one merchant's), oldest first, with how many requests each still applies to. */
export async function listScenarios(ctx: GatewayContext, merchantId: string | null): Promise<ControlResult> {
  const rows = await ctx.db
    .select()
    .from(gwScenarios)
    .where(merchantId === null ? undefined : eq(gwScenarios.merchantId, merchantId))
    .orderBy(gwScenarios.id);
  return { status: 200, body: { scenarios: rows } };
}
