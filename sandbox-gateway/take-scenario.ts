import "server-only";
import { sql } from "drizzle-orm";
import type { GatewayContext } from "./context";
import { drawFate, fateSchema, type Fate } from "./fate";

/**
 * The fate of a new request: the oldest queued scenario that matches (by orderNo, else by merchant, else any),
 * consumed atomically; otherwise the caller's fallback, else one drawn from the defaults. Concurrent requests wait
 * for the row (FOR UPDATE, not SKIP LOCKED): skipping it gave requests that arrived together the default fate while
 * the scenario had uses left.
 */
export async function takeFate(ctx: GatewayContext, merchantId: string, orderNo: string, fallback?: () => Fate): Promise<Fate> {
  const rows = await ctx.db.execute<{ fate: unknown }>(sql`
    with pick as (
      select id from sandbox_gateway.scenarios
       where remaining > 0
         and (order_no is null or order_no = ${orderNo})
         and (merchant_id is null or merchant_id = ${merchantId})
       order by (order_no is null), (merchant_id is null), id
       limit 1 for update)
    update sandbox_gateway.scenarios s set remaining = s.remaining - 1 from pick where s.id = pick.id
    returning s.fate`);
  const found = rows[0];
  return found ? fateSchema.parse(found.fate) : (fallback?.() ?? drawFate(ctx.defaults));
}
