import "server-only";
import { asc, eq } from "drizzle-orm";
import { callbacks, orderEvents, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { maskAccount } from "@/lib/orders/mask";
import { notesOf } from "@/lib/orders/order-notes";
import { explainOrderOutcome, finalEventOf } from "@/lib/orders/outcome";
import { loadPayinRow, toPayinView } from "./payin-rows";
import type { PayinDetailView } from "./payin-view";

/** One pay-in with why it ended so, its timeline (request as sent, answer, callbacks, inquiries) and notes; the payer's account masked per role. */
export async function getPayin({ ctx, id }: { ctx: Ctx; id: number }): Promise<PayinDetailView> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const row = await loadPayinRow(ctx, scope, id);
  if (!row) throw new AppError("not_found", "No such pay-in.");
  const events = await ctx.db
    .select({ e: orderEvents, userName: users.name })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorUserId))
    .where(eq(orderEvents.payinId, id))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id));
  const cbs = await ctx.db.select().from(callbacks).where(eq(callbacks.payinId, id)).orderBy(asc(callbacks.receivedAt), asc(callbacks.id));
  const account = row.p.payerAccountNo;
  const hide = (text: string | null): string | null =>
    text === null || can(ctx.user.role, "orders.unmasked") || !account || account.length <= 4 ? text : text.split(account).join(maskAccount(account) ?? "");
  const eventViews = events.map(({ e, userName }) => ({
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
  }));
  const p = row.p;
  return {
    payin: toPayinView(ctx, row),
    outcome: explainOrderOutcome({ type: "payin", status: p.status, orderNo: p.orderNo, tradeNo: p.tradeNo }, finalEventOf(p.status, eventViews)),
    events: eventViews,
    notes: await notesOf(ctx.db, "payin", id, (t) => hide(t) ?? ""),
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
