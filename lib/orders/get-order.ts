import "server-only";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { getOrderStory, type OrderStory } from "./get-order-story";
import { kindOf } from "./kinds";
import { loadOrderRow } from "./list-orders";
import type { OrderViews } from "./order-view";
import type { OrderType } from "@/lib/order-status/transitions";

/** One order's page: its kind's view under the kind's name (`payout` or `payin`), and its story (facts, outcome, timeline). */
export type OrderDetailView<K extends OrderType> = { [P in K]: OrderViews[K] } & OrderStory;
export type PayoutDetailView = OrderDetailView<"payout">;
export type PayinDetailView = OrderDetailView<"payin">;

/**
 * One order for its page: the kind's view (what its readers act on: canApprove, canCancel, the payer link) and its
 * story (lib/orders/get-order-story.ts): why it ended so, and the one timeline (every status change with its source,
 * the request body as sent, each answer and callback, notes, audit rows). For roles without `orders.unmasked` the
 * account and tax id are masked, in the raw payloads too.
 */
export async function getOrder<K extends OrderType>({ ctx, kind: type, id }: { ctx: Ctx; kind: K; id: number }): Promise<OrderDetailView<K>> {
  const kind = kindOf(type);
  const row = await loadOrderRow(ctx, kind, await merchantScope(ctx.db, ctx.user), id);
  if (!row) throw new AppError("not_found", `No such ${kind.noun}.`);
  return { [type]: kind.toView(ctx, row), ...(await getOrderStory({ ctx, type, id })) } as OrderDetailView<K>;
}
