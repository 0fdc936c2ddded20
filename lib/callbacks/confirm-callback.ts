import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks, merchants, payins, payouts } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { flagOrder } from "@/lib/orders/flag-order";
import { transitionOrder } from "@/lib/orders/transition-order";
import { isFinal, type OrderType } from "@/lib/order-status/transitions";
import { claimOne, type ClaimMode } from "@/lib/gateway-work/claim-due";
import type { CallOutcome } from "@/lib/smilepayz/client";
import { getRegion, type Region, type RegionCode } from "@/lib/smilepayz/regions";
import { callbackBody, type CallbackBody, type InquiryStatusRequest, type inquiryStatusResponse } from "@/lib/smilepayz/wire";
import type { z } from "zod";
import { statusFromGateway } from "@/lib/order-status/gateway-words";
import { lockCallbackOrder } from "./find-order";
import { orderStatusAndMoney } from "./order-status";
import type { CallbackOutcome } from "./record-callback";

type Merchant = typeof merchants.$inferSelect;
type InquiryAnswer = CallOutcome<z.infer<typeof inquiryStatusResponse>>;
export type Inquire = (m: Merchant, region: Region, req: InquiryStatusRequest) => Promise<InquiryAnswer>;

const viaGateway: Inquire = (m, region, req) => gatewayClientFor(m).inquiryStatus(region, req);

export type ConfirmResult =
  | { kind: "done"; outcome: string }
  | { kind: "settled"; outcome: CallbackOutcome; status: string; reason: string | null }
  | { kind: "retry"; reason: string };

/** A confirming callback and its order, as the confirmation needs them (ingestCallback knows them already). */
export interface Confirmation {
  type: OrderType;
  orderId: number;
  orderNo: string;
  region: RegionCode;
  amountMinor: bigint;
  currency: string;
  merchant: Merchant;
  /** The callback's body: what it claims. */
  claims: CallbackBody;
}

async function load(db: DbOrTx, callbackId: number): Promise<Confirmation | { done: string }> {
  const [cb] = await db.select().from(callbacks).where(eq(callbacks.id, callbackId));
  if (!cb || cb.outcome !== "confirming" || cb.confirmedAt) return { done: cb?.outcome ?? "missing" };
  const type: OrderType = cb.payoutId !== null ? "payout" : "payin";
  const orderId = cb.payoutId ?? cb.payinId;
  if (orderId === null) return { done: "no order" };
  const t = type === "payout" ? payouts : payins;
  const [loaded] = await db
    .select({ orderNo: t.orderNo, region: t.region, amountMinor: t.amountMinor, currency: t.currency, merchant: merchants })
    .from(t)
    .innerJoin(merchants, eq(merchants.id, t.merchantId))
    .where(eq(t.id, orderId));
  if (!loaded) return { done: "no order" };
  return { ...loaded, type, orderId, claims: callbackBody.parse(JSON.parse(cb.rawBody)) };
}

interface Options {
  /** The callback and its order when the caller has them (right after ingestCallback): nothing is read first. */
  known?: Confirmation;
  /** Who answers inquiry-status (the credential's gateway unless a test says otherwise). */
  inquire?: Inquire;
  /** The job's last attempt: an unsettled answer is flagged for a person instead of retried. */
  lastAttempt?: boolean;
  /** How the ask claims the order: `news` (a callback) unless a person re-applies it (`person`). */
  claim?: ClaimMode;
}

/**
 * Settle a callback without asking: the order became final by an ask of this cycle (or a person), which is the
 * gateway's word. The callback agrees with it, or the order is flagged, as after an ask of its own.
 */
function settleAgainstOrder(db: DbOrTx, known: Confirmation, callbackId: number, order: { status: string; amountMinor: bigint; currency: string }): Promise<ConfirmResult> {
  const { type, orderId, claims } = known;
  const region = getRegion(known.region);
  const agrees =
    statusFromGateway(type, claims.status) === order.status && claims.money.currency === order.currency && region.amount.fromWire(claims.money.amount) === order.amountMinor;
  const flag = agrees ? null : `callback ${callbackId} said ${claims.status} ${claims.money.amount} ${claims.money.currency}; the order is already ${order.status} (the gateway's earlier answer, or a person's): the callback's body is not the gateway's`;
  return settle(db, { callbackId, type, orderId, to: order.status, flag });
}

/**
 * Settle a `confirming` callback with the gateway's own answer: inquiry-status by orderNo (tradeType 2 pay-out,
 * 1 pay-in). A final answer moves the order to the GATEWAY's status (source inquiry, tied to the callback); a
 * gateway amount or currency other than the order's moves nothing; any difference between the callback's body and
 * the gateway's answer, or no record at the gateway, flags the order for a person. Runs in-process right after the
 * callback's commit and again as its job: the callback row is settled once, under the order's and its own locks.
 */
export async function confirmCallback(db: DbOrTx, callbackId: number, opts: Options = {}): Promise<ConfirmResult> {
  const known = opts.known ?? (await load(db, callbackId));
  if ("done" in known) return { kind: "done", outcome: known.done };
  const { type, orderId, claims, merchant } = known;
  const region = getRegion(known.region);

  // This ask is the order's inquiry of this cycle, claimed as the sweep claims: no sweep or inquiry job asks again
  // right after it. A callback is news, so it is confirmed at once, due or not, unless another ask was claimed less
  // than a cycle ago (the order's own inquiry, the sweep, another callback's confirmation): then it does not ask
  // again. An order that ask made final settles the callback against the order; one still open waits (the job
  // retries with backoff, past the cycle).
  const said = `callback ${callbackId} said ${claims.status} ${claims.money.amount} ${claims.money.currency}`;
  // Not settled yet: retried by the job, or on its last attempt flagged for a person.
  const unsettled = (why: string, answer?: InquiryAnswer): Promise<ConfirmResult> | ConfirmResult =>
    opts.lastAttempt ? settle(db, { callbackId, type, orderId, to: null, flag: `${said}; ${why} after every retry: check with Smilepayz`, r: answer }) : { kind: "retry", reason: why };

  if (!(await claimOne(db, type, orderId, opts.claim ?? "news"))) {
    const order = await orderStatusAndMoney(db, type, orderId);
    if (order && isFinal(type, order.status)) return settleAgainstOrder(db, known, callbackId, order);
    return unsettled(`the gateway was asked about this order less than a cycle ago and it is still ${order?.status ?? "missing"}; asking again after the cycle`);
  }
  let r: InquiryAnswer;
  try {
    r = await (opts.inquire ?? viaGateway)(merchant, region, { tradeType: type === "payout" ? 2 : 1, orderNo: known.orderNo });
  } catch (e) {
    const reason = e instanceof Error ? e.message : "inquiry failed";
    r = { outcome: "not_sent", reason, path: "", url: "", requestTimestamp: "", requestBody: "", httpStatus: null, responseText: null, durationMs: 0 };
  }
  if (r.outcome === "rejected") {
    return settle(db, { callbackId, type, orderId, to: null, flag: `${said}, but the gateway has no record of this order (code ${r.code}: ${r.message}): check with Smilepayz`, r });
  }
  if (r.outcome !== "accepted") return unsettled(`no usable inquiry-status answer (${r.outcome === "unknown" ? r.detail : r.reason})`, r);
  const g = r.body;
  const to = statusFromGateway(type, g.status ?? "");
  const gMinor = g.money ? region.amount.fromWire(g.money.amount) : known.amountMinor;
  if (g.money && (g.money.currency !== known.currency || gMinor !== known.amountMinor)) {
    return settle(db, { callbackId, type, orderId, to: null, flag: `inquiry-status has ${g.money.amount} ${g.money.currency}, not the order's amount: check with Smilepayz (${said})`, r });
  }
  if (to === null || !isFinal(type, to)) return unsettled(`the gateway still says ${g.status ?? "nothing"}`, r);
  const claimedMinor = region.amount.fromWire(claims.money.amount);
  const agrees = statusFromGateway(type, claims.status) === to && claims.money.currency === known.currency && claimedMinor === known.amountMinor;
  const flag = agrees ? null : `${said}; inquiry-status says ${g.status} ${g.money?.amount ?? ""} ${g.money?.currency ?? ""}`.trim() + ": the callback's body is not the gateway's";
  // What the payer paid (pay-ins) is not in inquiry-status: taken from the body only when the gateway agreed with it.
  const pay = type === "payin" && agrees && claims.money.payAmount !== undefined ? region.amount.fromWire(claims.money.payAmount) : null;
  return settle(db, { callbackId, type, orderId, to, flag, r, tradeNo: g.tradeNo ?? null, gatewayStatus: g.status ?? null, payAmountMinor: pay });
}

interface Settlement {
  callbackId: number;
  type: OrderType;
  orderId: number;
  /** The gateway's final status to apply, or null to apply nothing. */
  to: string | null;
  /** Why a person must look (the order is flagged), or null. */
  flag: string | null;
  /** The ask's answer; none when the callback is settled against an earlier ask's status (settleAgainstOrder). */
  r?: InquiryAnswer;
  tradeNo?: string | null;
  gatewayStatus?: string | null;
  payAmountMinor?: bigint | null;
}

async function settle(db: DbOrTx, s: Settlement): Promise<ConfirmResult> {
  return db.transaction(async (tx) => {
    // The order first, then the callback row: the order in which ingestCallback takes them.
    const order = await lockCallbackOrder(tx, { type: s.type, id: s.orderId });
    const [cb] = await tx
      .select({ id: callbacks.id })
      .from(callbacks)
      .where(and(eq(callbacks.id, s.callbackId), eq(callbacks.outcome, "confirming"), isNull(callbacks.confirmedAt)))
      .for("update");
    if (!order || !cb) return { kind: "done", outcome: "settled by another run" } as const;
    const ctx = systemCtx(tx, "callback");
    let outcome: CallbackOutcome = "conflict";
    let flag = s.flag;
    if (s.to !== null) {
      const set: Record<string, unknown> = { gatewayStatus: s.gatewayStatus ?? null };
      if (order.tradeNo === null && s.tradeNo) set.tradeNo = s.tradeNo;
      if (s.payAmountMinor != null) set.payAmountMinor = s.payAmountMinor;
      const answer = s.r?.outcome === "accepted" ? s.r.body : null;
      // The order's row is locked and read above, in this transaction: no savepoint, no second read.
      const res = await transitionOrder(ctx, {
        type: s.type,
        id: s.orderId,
        to: s.to as never,
        source: "inquiry",
        set,
        gatewayCode: answer?.code ?? null,
        gatewayMessage: answer?.message ?? null,
        note: `inquiry-status after callback ${s.callbackId}: ${s.gatewayStatus ?? s.to}${s.flag ? " (the callback said otherwise: flagged)" : ""}`,
        rawPayload: s.r?.responseText ?? null,
        callbackId: s.callbackId,
      }, { status: order.status, merchantId: order.merchantRowId });
      if (res.applied) outcome = s.flag ? "conflict" : "applied";
      else if (res.current === s.to) outcome = s.flag ? "conflict" : "duplicate";
      else flag ??= `order is ${res.current ?? "missing"}, inquiry-status after callback ${s.callbackId} says ${s.to}`;
    }
    if (flag) await flagOrder(ctx, { type: order.type, id: order.id, reason: flag, callbackId: s.callbackId });
    await tx
      .update(callbacks)
      .set({ outcome, confirmedAt: new Date(), reviewReason: flag?.slice(0, 1000) ?? null })
      .where(eq(callbacks.id, s.callbackId));
    return { kind: "settled", outcome, status: s.to ?? order.status, reason: flag } as const;
  });
}
