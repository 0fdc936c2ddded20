import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { getRegion } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { NOTE_ACTION } from "./add-order-note";
import { kindOf } from "./kinds";
import { loadOrder, type OrderCore } from "./load-order";
import { maskAccount } from "./mask";
import { notesOf } from "./order-notes";
import { callbackRowsOf, eventRowsOf, hider } from "./order-records";
import { explainOrderOutcome, finalEventOf, type FinalEvent, type OutcomeSource } from "./outcome";
import type { OrderType } from "@/lib/order-status/transitions";

/** One line of an order's story: a status event, a person's note, a callback received, or an audit row about the order. */
export type StoryItem =
  | { kind: "note"; key: string; at: string; author: string | null; note: string }
  | { kind: "event"; key: string; at: string; source: string; from: string | null; to: string; actor: string | null;
      gatewayCode: string | null; gatewayMessage: string | null; note: string | null; rawPayload: string | null;
      /** The callback this event came from: its record is shown under the event, never as a second entry. */
      callback: { outcome: string; signatureValid: boolean; error: string | null; rawBody: string } | null }
  | { kind: "callback"; key: string; at: string; outcome: string; signatureValid: boolean; error: string | null; rawBody: string }
  | { kind: "audit"; key: string; at: string; action: string; actor: string | null; detail: string | null };

/** Audit rows that repeat a status event (the same change, same moment): the event says it, once. */
const SAID_BY_AN_EVENT = /^(payout|payin)\.(status_changed|created|cancelled)$/;

type EventRow = Awaited<ReturnType<typeof eventRowsOf>>[number];
type CallbackRow = Awaited<ReturnType<typeof callbackRowsOf>>[number];
type AuditRow = typeof auditLog.$inferSelect;
type Hide = (text: string | null) => string | null;

/**
 * An order (pay-out or pay-in) and everything about it, oldest first. Account, wallet and tax numbers are masked,
 * in the payloads too, unless the role sees them whole; a revealed value is shown once, by reveal-order-value.ts.
 */
export async function getOrderStory({ ctx, type, id }: { ctx: Ctx; type: OrderType; id: number }) {
  const kind = kindOf(type);
  const o = await loadOrder(ctx.db, await merchantScope(ctx.db, ctx.user), type, id);
  const events = await eventRowsOf(ctx.db, kind, id);
  const cbs = await callbackRowsOf(ctx.db, kind, id);
  const audits = await ctx.db.select().from(auditLog)
    .where(and(eq(auditLog.targetType, type), eq(auditLog.targetId, String(id))))
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
  const unmasked = can(ctx.user.role, "orders.unmasked");
  const hide = hider([o.account, o.taxNumber], unmasked);
  const notes = await notesOf(ctx.db, type, id, (t) => hide(t) ?? "");
  const finalEvents: FinalEvent[] = events.map(({ e, userName }) => ({
    from: e.fromStatus, to: e.toStatus, source: e.source as OutcomeSource, at: e.createdAt.toISOString(), actor: userName ?? e.actorName,
    gatewayCode: e.gatewayCode, gatewayMessage: e.gatewayMessage, note: hide(e.note), rawPayload: hide(e.rawPayload),
  }));
  const outcome = explainOrderOutcome(
    { type, status: o.status, orderNo: o.orderNo, tradeNo: o.tradeNo, rejectReason: hide(o.rejectReason) },
    finalEventOf(o.status, finalEvents),
  );
  const items: StoryItem[] = [
    ...notes.map((n): StoryItem => ({ kind: "note", key: `n${n.id}`, at: n.at, author: n.author, note: n.note })),
    ...eventsAndCallbacks(events, cbs, hide),
    ...audits.filter((a) => !SAID_BY_AN_EVENT.test(a.action) && a.action !== NOTE_ACTION).map(auditItem),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  return { order: orderSummary(o, unmasked), outcome, local: getRegion(o.region).localTime, items };
}
export type OrderStory = Awaited<ReturnType<typeof getOrderStory>>;

/** What the page's header shows of the order, masked unless the role sees it whole. */
function orderSummary(o: OrderCore, unmasked: boolean) {
  return {
    type: o.type, id: o.id, merchantName: o.merchantName, region: o.region, orderNo: o.orderNo, tradeNo: o.tradeNo, status: o.status,
    amount: formatMoney(o.amountMinor, getRegion(o.region)), method: o.method, name: o.name,
    account: unmasked ? o.account : maskAccount(o.account), taxNumber: unmasked ? o.taxNumber : maskAccount(o.taxNumber),
    masked: !unmasked, gatewayCode: o.gatewayCode, gatewayMessage: o.gatewayMessage, batchId: o.batchId, createdBy: o.createdBy,
    createdAt: o.createdAt.toISOString(), finalAt: o.finalAt?.toISOString() ?? null,
  };
}

/** Status events, each with the callback it came from folded under it; callbacks that moved nothing on their own. */
function eventsAndCallbacks(events: EventRow[], cbs: CallbackRow[], hide: Hide): StoryItem[] {
  const cbById = new Map(cbs.map((c) => [c.id, c]));
  const folded = new Set<number>();
  const items = events.map(({ e, userName }): StoryItem => {
    const c = e.callbackId !== null && !folded.has(e.callbackId) ? cbById.get(e.callbackId) : undefined;
    if (c) folded.add(c.id);
    return {
      kind: "event", key: `e${e.id}`, at: e.createdAt.toISOString(), source: e.source, from: e.fromStatus, to: e.toStatus,
      actor: userName ?? e.actorName, gatewayCode: e.gatewayCode, gatewayMessage: e.gatewayMessage, note: hide(e.note),
      // A callback's event carries the callback body as its payload: shown once, as the callback's record.
      rawPayload: c && e.rawPayload === c.rawBody ? null : hide(e.rawPayload),
      callback: c ? { outcome: c.outcome, signatureValid: c.signatureValid, error: c.error, rawBody: hide(c.rawBody) ?? "" } : null,
    };
  });
  return [
    ...items,
    ...cbs.filter((c) => !folded.has(c.id)).map((c): StoryItem => ({
      kind: "callback", key: `c${c.id}`, at: c.receivedAt.toISOString(), outcome: c.outcome, signatureValid: c.signatureValid,
      error: c.error, rawBody: hide(c.rawBody) ?? "",
    })),
  ];
}

function auditItem(a: AuditRow): StoryItem {
  return { kind: "audit", key: `a${a.id}`, at: a.createdAt.toISOString(), action: a.action, actor: a.actorEmail ?? a.actorName, detail: auditDetail(a.after) };
}

/** An audit row's `after`, said in a line (a reveal's field and reason, a rejection's reason); never a whole value. */
function auditDetail(after: unknown): string | null {
  if (typeof after !== "object" || after === null) return null;
  const a = after as Record<string, unknown>;
  const parts = ["field", "reason", "note"].filter((k) => typeof a[k] === "string").map((k) => `${k}: ${String(a[k])}`);
  return parts.length ? parts.join(" · ") : null;
}
