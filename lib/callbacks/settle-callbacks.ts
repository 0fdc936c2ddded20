import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks, payins, payouts } from "@/db/schema";
import { systemCtx, type SystemCtx } from "@/lib/context";
import { flagOrder } from "@/lib/orders/flag-order";
import { transitionOrders, type BatchTransition, type LockedOrder } from "@/lib/orders/transition-order";
import type { OrderType } from "@/lib/order-status/transitions";
import type { CallOutcome } from "@/lib/smilepayz/client";
import type { inquiryStatusResponse } from "@/lib/smilepayz/wire";
import type { z } from "zod";
import type { CallbackOutcome } from "./record-callback";

export type InquiryAnswer = CallOutcome<z.infer<typeof inquiryStatusResponse>>;

export type ConfirmResult =
  | { kind: "done"; outcome: string }
  | { kind: "settled"; outcome: CallbackOutcome; status: string; reason: string | null }
  | { kind: "retry"; reason: string };

/** What one confirmation settles: the gateway's word on a callback, to be written under the order's lock. */
export interface Settlement {
  callbackId: number;
  type: OrderType;
  orderId: number;
  /** The gateway's final status to apply, or null to apply nothing. */
  to: string | null;
  /** Why a person must look (the order is flagged), or null. */
  flag: string | null;
  /** The ask's answer; none when the callback is settled against an earlier ask's status. */
  r?: InquiryAnswer;
  tradeNo?: string | null;
  gatewayStatus?: string | null;
  payAmountMinor?: bigint | null;
}

type Row = LockedOrder & { tradeNo: string | null };
const key = (type: OrderType, id: number) => `${type}:${id}`;

/**
 * Settle many confirmed callbacks in ONE transaction: every order locked in one statement per type (in id order,
 * as transitionOrders locks), then the callbacks still waiting, in one; the status changes go through
 * transitionOrders (one UPDATE, one INSERT of events, one of audits, one notify per batch), the callback rows are
 * marked in one UPDATE. A callback another run settled already is `done`. Two callbacks about one order settle in
 * turn (the second sees the first's status), in a second pass of the same transaction. Results in input order.
 */
export async function settleCallbacks(db: DbOrTx, all: readonly Settlement[]): Promise<ConfirmResult[]> {
  if (all.length === 0) return [];
  return db.transaction(async (tx) => {
    const rows = new Map<string, Row>();
    for (const type of ["payout", "payin"] as const) {
      const ids = [...new Set(all.filter((s) => s.type === type).map((s) => s.orderId))];
      for (const r of await lockOrders(tx, type, ids)) rows.set(key(type, r.id), r);
    }
    const open = new Set(
      (
        await tx
          .select({ id: callbacks.id })
          .from(callbacks)
          .where(and(inArray(callbacks.id, all.map((s) => s.callbackId)), eq(callbacks.outcome, "confirming"), isNull(callbacks.confirmedAt)))
          .orderBy(asc(callbacks.id))
          .for("update")
      ).map((c) => c.id),
    );
    const ctx = systemCtx(tx, "callback");
    const results: ConfirmResult[] = all.map(() => ({ kind: "done", outcome: "settled by another run" }));
    // Waves: each order at most once per wave (transitionOrders takes an order once per batch).
    let left = all.map((s, i) => ({ s, i })).filter(({ s }) => open.delete(s.callbackId) && rows.has(key(s.type, s.orderId)));
    while (left.length > 0) {
      const seen = new Set<string>();
      const wave = left.filter(({ s }) => !seen.has(key(s.type, s.orderId)) && Boolean(seen.add(key(s.type, s.orderId))));
      left = left.filter((x) => !wave.includes(x));
      for (const { s, i } of wave) results[i] = { kind: "settled", outcome: "conflict", status: "", reason: s.flag };
      await settleWave(ctx, wave, rows, results);
    }
    return results;
  });
}

function lockOrders(tx: DbOrTx, type: OrderType, ids: number[]): Promise<Row[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const t = type === "payout" ? payouts : payins;
  return tx
    .select({ id: t.id, status: t.status, merchantId: t.merchantId, tradeNo: t.tradeNo })
    .from(t)
    .where(inArray(t.id, ids))
    .orderBy(asc(t.id))
    .for("update");
}

/** One wave: the status changes of each type in one transitionOrders, the flags, then the callback rows. */
async function settleWave(ctx: SystemCtx, wave: { s: Settlement; i: number }[], rows: Map<string, Row>, results: ConfirmResult[]) {
  for (const type of ["payout", "payin"] as const) {
    const moving = wave.filter(({ s }) => s.type === type && s.to !== null);
    if (moving.length === 0) continue;
    const items = moving.map(({ s }) => transitionOf(s, rows.get(key(type, s.orderId))));
    const locked = moving.map(({ s }) => rows.get(key(type, s.orderId))).filter((r): r is Row => r !== undefined);
    const res = await transitionOrders(ctx, type, items, locked);
    moving.forEach(({ s, i }, n) => {
      const r = res[n];
      const row = rows.get(key(type, s.orderId));
      let outcome: CallbackOutcome = "conflict";
      let flag = s.flag;
      if (r?.applied) {
        outcome = s.flag ? "conflict" : "applied";
        if (row) row.status = r.to;
      } else if (r?.current === s.to) outcome = s.flag ? "conflict" : "duplicate";
      else flag ??= `order is ${r?.current ?? "missing"}, inquiry-status after callback ${s.callbackId} says ${s.to}`;
      results[i] = { kind: "settled", outcome, status: s.to ?? "", reason: flag };
    });
  }
  for (const { s, i } of wave) {
    const r = results[i];
    if (r?.kind !== "settled") continue;
    if (s.to === null) results[i] = { ...r, status: rows.get(key(s.type, s.orderId))?.status ?? "" };
    if (r.reason) await flagOrder(ctx, { type: s.type, id: s.orderId, reason: r.reason, callbackId: s.callbackId });
  }
  const marks = wave.map(({ s, i }) => {
    const r = results[i];
    const outcome = r?.kind === "settled" ? r.outcome : "conflict";
    const reason = r?.kind === "settled" ? (r.reason?.slice(0, 1000) ?? null) : null;
    return sql`(${s.callbackId}::bigint, ${outcome}::text, ${reason}::text)`;
  });
  await ctx.db.execute(sql`
    update ${callbacks} c set outcome = v.outcome::callback_outcome, confirmed_at = now(), review_reason = v.reason
      from (values ${sql.join(marks, sql`, `)}) as v(id, outcome, reason)
     where c.id = v.id`);
}

/** The transition one settlement asks for (the order row locked and read above). */
function transitionOf(s: Settlement, row: Row | undefined): BatchTransition<OrderType> {
  const set: Record<string, unknown> = { gatewayStatus: s.gatewayStatus ?? null };
  if (row?.tradeNo === null && s.tradeNo) set.tradeNo = s.tradeNo;
  if (s.payAmountMinor != null) set.payAmountMinor = s.payAmountMinor;
  const answer = s.r?.outcome === "accepted" ? s.r.body : null;
  return {
    id: s.orderId,
    to: s.to as never,
    source: "inquiry",
    set: set as never,
    gatewayCode: answer?.code ?? null,
    gatewayMessage: answer?.message ?? null,
    note: `inquiry-status after callback ${s.callbackId}: ${s.gatewayStatus ?? s.to}${s.flag ? " (the callback said otherwise: flagged)" : ""}`,
    rawPayload: s.r?.responseText ?? null,
    callbackId: s.callbackId,
  };
}
