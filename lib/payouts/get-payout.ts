import "server-only";
import { asc, eq } from "drizzle-orm";
import { callbacks, orderEvents, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { maskAccount } from "@/lib/orders/mask";
import { notesOf } from "@/lib/orders/order-notes";
import { explainOutcome } from "./explain-outcome";
import { loadPayoutRow, toPayoutView } from "./payout-rows";
import type { PayoutDetailView, PayoutEventView } from "./payout-view";

/**
 * One pay-out with its timeline (every status change, the request body as sent, each answer), its notes and the
 * callbacks received for it. For roles without `orders.unmasked` the beneficiary's account and tax id are masked in the
 * raw payloads too.
 */
export async function getPayout({ ctx, id }: { ctx: Ctx; id: number }): Promise<PayoutDetailView> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const row = await loadPayoutRow(ctx, scope, id);
  if (!row) throw new AppError("not_found", "No such pay-out.");
  const events = await ctx.db
    .select({ e: orderEvents, userName: users.name })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorUserId))
    .where(eq(orderEvents.payoutId, id))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id));
  const cbs = await ctx.db.select().from(callbacks).where(eq(callbacks.payoutId, id)).orderBy(asc(callbacks.receivedAt), asc(callbacks.id));

  const secrets = can(ctx.user.role, "orders.unmasked") ? [] : [row.p.cashAccount, row.p.taxNumber].filter((s): s is string => !!s && s.length > 4);
  const hide = (text: string | null): string | null => {
    if (text === null) return null;
    let out = text;
    for (const s of secrets) out = out.split(s).join(maskAccount(s) ?? "");
    return out;
  };
  const view = toPayoutView(ctx, row);
  const eventViews = events.map(
      ({ e, userName }): PayoutEventView => ({
        id: e.id,
        at: e.createdAt.toISOString(),
        from: e.fromStatus,
        to: e.toStatus,
        source: e.source,
        actor: userName ?? e.actorName,
        gatewayCode: e.gatewayCode,
        gatewayMessage: e.gatewayMessage,
        note: e.note,
        rawPayload: hide(e.rawPayload),
      }),
  );
  return {
    payout: view,
    outcome: explainOutcome(view, eventViews),
    events: eventViews,
    notes: await notesOf(ctx.db, "payout", id, (t) => hide(t) ?? ""),
    callbacks: cbs.map((c) => ({
      id: c.id,
      receivedAt: c.receivedAt.toISOString(),
      outcome: c.outcome,
      signatureValid: c.signatureValid,
      timestampFresh: c.timestampFresh,
      status: statusOf(c.rawBody),
      reviewReason: c.reviewReason,
      error: c.error,
      rawBody: hide(c.rawBody) ?? "",
    })),
  };
}

function statusOf(raw: string): string | null {
  try {
    const s = (JSON.parse(raw) as { status?: unknown }).status;
    return typeof s === "string" ? s : null;
  } catch {
    return null;
  }
}
