import "server-only";
import { and, isNull } from "drizzle-orm";
import { payouts } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { waitingRuns } from "./waiting-runs";
import { encodeCursor } from "@/lib/validation/paging";
import type { WaitingRunView } from "./batch-view";
import { kindOf } from "@/lib/orders/kinds";
import { filterWhere, orderPageRows } from "@/lib/orders/list-orders";
import { toPayoutView } from "@/lib/orders/order-rows";
import type { PayoutPage } from "@/lib/orders/order-view";
import { listPayoutsSchema, type waitingPayoutsSchema } from "@/lib/payouts/schemas";
import type { z } from "zod";

/** GET /api/payouts/waiting: single pay-outs waiting for approval, and (first page only) the runs that wait. */
export interface WaitingPage extends PayoutPage {
  runs: WaitingRunView[];
}

/**
 * The approvals queue: single pay-outs waiting for a second person, oldest first, a keyset page at a time, and
 * (with the first page) the runs waiting for approval, each as one item with its totals. A run's rows are never
 * listed one by one: they are approved only with their run.
 */
export async function listWaiting({ ctx, input }: { ctx: Ctx; input: z.output<typeof waitingPayoutsSchema> }): Promise<WaitingPage> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const filter = listPayoutsSchema.parse({ status: "PENDING_APPROVAL", order: "oldest", limit: input.limit });
  const where = and(filterWhere(kindOf("payout"), filter, scope), isNull(payouts.batchId));
  const [{ rows, next }, runs] = await Promise.all([
    orderPageRows(ctx, kindOf("payout"), where, input.cursor, input.limit, "oldest"),
    input.cursor ? Promise.resolve([]) : waitingRuns(ctx, scope),
  ]);
  return { items: rows.map((r) => toPayoutView(ctx, r)), nextCursor: next ? encodeCursor(next) : null, runs };
}
