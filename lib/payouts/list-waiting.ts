import "server-only";
import { and, isNull } from "drizzle-orm";
import { payouts } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { waitingRuns } from "@/lib/payout-batches/waiting-runs";
import { encodeCursor } from "@/lib/validation/paging";
import { filterWhere, payoutPageRows } from "./list-payouts";
import { toPayoutView } from "./payout-rows";
import type { WaitingPage } from "./payout-view";
import { listPayoutsSchema, type waitingPayoutsSchema } from "./schemas";
import type { z } from "zod";

/**
 * The approvals queue: single pay-outs waiting for a second person, oldest first, a keyset page at a time, and
 * (with the first page) the runs waiting for approval, each as one item with its totals. A run's rows are never
 * listed one by one: they are approved only with their run.
 */
export async function listWaiting({ ctx, input }: { ctx: Ctx; input: z.output<typeof waitingPayoutsSchema> }): Promise<WaitingPage> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const filter = listPayoutsSchema.parse({ status: "PENDING_APPROVAL", order: "oldest", limit: input.limit });
  const where = and(filterWhere(filter, scope), isNull(payouts.batchId));
  const [{ rows, next }, runs] = await Promise.all([
    payoutPageRows(ctx, where, input.cursor, input.limit, "oldest"),
    input.cursor ? Promise.resolve([]) : waitingRuns(ctx, scope),
  ]);
  return { items: rows.map((r) => toPayoutView(ctx, r)), nextCursor: next ? encodeCursor(next) : null, runs };
}
