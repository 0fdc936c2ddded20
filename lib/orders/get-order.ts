import "server-only";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { kindOf } from "./kinds";
import { loadOrderRow } from "./list-orders";
import { notesOf } from "./order-notes";
import { callbackRowsOf, eventRowsOf, hider, toCallbackView, toEventView } from "./order-records";
import type { OrderDetailView } from "./order-view";
import { explainOrderOutcome, finalEventOf } from "./outcome";
import type { OrderType } from "@/lib/order-status/transitions";

/**
 * One order with why it ended so, its timeline (every status change, the request body as sent, each answer), its
 * notes and the callbacks received for it; the order itself under its kind's name (`payout` or `payin`). For roles
 * without `orders.unmasked` the account and tax id are masked in the raw payloads too.
 */
export async function getOrder<K extends OrderType>({ ctx, kind: type, id }: { ctx: Ctx; kind: K; id: number }): Promise<OrderDetailView<K>> {
  const kind = kindOf(type);
  const scope = await merchantScope(ctx.db, ctx.user);
  const row = await loadOrderRow(ctx, kind, scope, id);
  if (!row) throw new AppError("not_found", `No such ${kind.noun}.`);
  const events = await eventRowsOf(ctx.db, kind, id);
  const cbs = await callbackRowsOf(ctx.db, kind, id);
  const hide = hider(kind.secrets(row), can(ctx.user.role, "orders.unmasked"));
  const view = kind.toView(ctx, row);
  const eventViews = events.map((e) => toEventView(e, hide));
  const order = { type, status: view.status, orderNo: view.orderNo, tradeNo: view.tradeNo, ...kind.rejected(view) };
  return {
    [type]: view,
    outcome: explainOrderOutcome(order, finalEventOf(view.status, eventViews)),
    events: eventViews,
    notes: await notesOf(ctx.db, type, id, (t) => hide(t) ?? ""),
    callbacks: cbs.map((c) => toCallbackView(c, hide)),
  } as OrderDetailView<K>;
}
