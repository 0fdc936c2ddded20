import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks, merchants, payins, payouts } from "@/db/schema";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { isFinal, type OrderType } from "@/lib/order-status/transitions";
import { claimMany, stillClaimed, type DueClaim } from "@/lib/gateway-work/claim-due";
import { getRegion, type Region, type RegionCode } from "@/lib/smilepayz/regions";
import { callbackBody, type CallbackBody, type InquiryStatusRequest } from "@/lib/smilepayz/wire";
import { statusFromGateway } from "@/lib/order-status/gateway-words";
import { orderStatusAndMoney } from "./order-status";
import { settleCallbacks, type ConfirmResult, type InquiryAnswer, type Settlement } from "./settle-callbacks";

export type { ConfirmResult } from "./settle-callbacks";

type Merchant = typeof merchants.$inferSelect;
export type Inquire = (m: Merchant, region: Region, req: InquiryStatusRequest) => Promise<InquiryAnswer>;

const viaGateway: Inquire = (m, region, req) => gatewayClientFor(m).inquiryStatus(region, req);

/** A confirming callback and its order, as the confirmation needs them. */
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

/** The callbacks still waiting, with their orders and credentials, in one statement; the others say why not. */
async function loadAll(db: DbOrTx, ids: readonly number[]): Promise<Map<number, Confirmation | { done: string }>> {
  const out = new Map<number, Confirmation | { done: string }>(ids.map((id) => [id, { done: "missing" }]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({ cb: { id: callbacks.id, outcome: callbacks.outcome, confirmedAt: callbacks.confirmedAt, payoutId: callbacks.payoutId, payinId: callbacks.payinId, rawBody: callbacks.rawBody }, po: { orderNo: payouts.orderNo, region: payouts.region, amountMinor: payouts.amountMinor, currency: payouts.currency }, pi: { orderNo: payins.orderNo, region: payins.region, amountMinor: payins.amountMinor, currency: payins.currency }, merchant: merchants })
    .from(callbacks)
    .leftJoin(payouts, eq(payouts.id, callbacks.payoutId))
    .leftJoin(payins, eq(payins.id, callbacks.payinId))
    .leftJoin(merchants, eq(merchants.id, sql`coalesce(${payouts.merchantId}, ${payins.merchantId})`))
    .where(inArray(callbacks.id, [...ids]));
  for (const { cb, po, pi, merchant } of rows) {
    if (cb.outcome !== "confirming" || cb.confirmedAt) {
      out.set(cb.id, { done: cb.outcome });
      continue;
    }
    const type: OrderType = cb.payoutId !== null ? "payout" : "payin";
    const orderId = cb.payoutId ?? cb.payinId;
    const order = type === "payout" ? po : pi;
    if (orderId === null || !order || !merchant) out.set(cb.id, { done: "no order" });
    else out.set(cb.id, { ...order, merchant, type, orderId, claims: callbackBody.parse(JSON.parse(cb.rawBody)) });
  }
  return out;
}

interface Options {
  /** Who answers inquiry-status (the credential's gateway unless a test says otherwise). */
  inquire?: Inquire;
  /** How the ask claims the order: `news` (a callback) unless a person re-applies it (`person`). */
  claim?: "news" | "person";
}

/** One callback to confirm; `lastAttempt`: its job's last try (an unsettled answer is flagged, not retried). */
export interface ConfirmItem {
  callbackId: number;
  lastAttempt?: boolean;
}

/** Asks at once about orders of one credential (the gateway is asked per order: it has no batch inquiry). */
const PER_CREDENTIAL = 8;

/**
 * Settle `confirming` callbacks with the gateway's own answer: inquiry-status by orderNo (tradeType 2 pay-out,
 * 1 pay-in). A final answer moves the order to the GATEWAY's status (source inquiry, tied to the callback); a
 * gateway amount or currency other than the order's moves nothing; any difference between the callback's body and
 * the gateway's answer, or no record at the gateway, flags the order for a person. Many at once (a job batch): read
 * in one statement, their asks claimed in one (claimMany), asked per credential (a few in parallel each), and all settled in ONE transaction
 * (settle-callbacks.ts): each callback row is settled once, under the order's and its own locks. Results in order.
 */
export async function confirmCallbacks(db: DbOrTx, items: readonly ConfirmItem[], opts: Options = {}): Promise<ConfirmResult[]> {
  const known = await loadAll(db, [...new Set(items.map((i) => i.callbackId))]);
  const results: (ConfirmResult | Settlement)[] = items.map(() => ({ kind: "done", outcome: "missing" }));
  const byCredential = new Map<number, number[]>();
  const taken = new Set<number>();
  items.forEach((it, i) => {
    const k = known.get(it.callbackId);
    if (!k || "done" in k) return void (results[i] = { kind: "done", outcome: k?.done ?? "missing" });
    // The same callback twice (two jobs for it): the first copy confirms it, the other has nothing left to do.
    if (taken.has(it.callbackId)) return void (results[i] = { kind: "done", outcome: "confirmed by another job of this batch" });
    taken.add(it.callbackId);
    byCredential.set(k.merchant.id, [...(byCredential.get(k.merchant.id) ?? []), i]);
  });
  // Every ask of the batch claimed in one statement; an order's claim is taken by the first of its callbacks to ask.
  const asking = [...byCredential.values()].flat().flatMap((i) => {
    const k = known.get(items[i]?.callbackId ?? 0);
    return k && !("done" in k) ? [{ type: k.type, id: k.orderId }] : [];
  });
  const claimed = await claimMany(db, asking, opts.claim ?? "news");
  await Promise.all(
    [...byCredential.values()].map(async (queue) => {
      const lane = async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const it = items[i];
          const k = it && known.get(it.callbackId);
          if (it && k && !("done" in k)) results[i] = await ask(db, k, it, claimed, opts);
        }
      };
      await Promise.all(Array.from({ length: Math.min(PER_CREDENTIAL, queue.length) }, lane));
    }),
  );
  const settling = results.flatMap((r, i) => ("callbackId" in r ? [{ s: r, i }] : []));
  const settled = await settleCallbacks(db, settling.map((x) => x.s));
  settling.forEach(({ i }, n) => (results[i] = settled[n] ?? { kind: "done", outcome: "missing" }));
  return results as ConfirmResult[];
}

/** One callback: confirmCallbacks with one item (re-applying a callback, tests). */
export async function confirmCallback(db: DbOrTx, callbackId: number, opts: Options & { lastAttempt?: boolean } = {}): Promise<ConfirmResult> {
  const [r] = await confirmCallbacks(db, [{ callbackId, lastAttempt: opts.lastAttempt }], opts);
  return r ?? { kind: "done", outcome: "missing" };
}

/**
 * Settle a callback without asking: the order became final by an ask of this cycle (or a person), which is the
 * gateway's word. The callback agrees with it, or the order is flagged, as after an ask of its own.
 */
function againstOrder(known: Confirmation, callbackId: number, order: { status: string; amountMinor: bigint; currency: string }): Settlement {
  const { type, orderId, claims } = known;
  const region = getRegion(known.region);
  const agrees =
    statusFromGateway(type, claims.status) === order.status && claims.money.currency === order.currency && region.amount.fromWire(claims.money.amount) === order.amountMinor;
  const flag = agrees ? null : `callback ${callbackId} said ${claims.status} ${claims.money.amount} ${claims.money.currency}; the order is already ${order.status} (the gateway's earlier answer, or a person's): the callback's body is not the gateway's`;
  return { callbackId, type, orderId, to: order.status, flag };
}

/**
 * Ask the gateway about one callback's order and say how to settle it (or that it must wait). This ask is the
 * order's inquiry of this cycle, claimed as the sweep claims: no sweep or inquiry job asks again right after it. A
 * callback is news, so it is confirmed at once, due or not, unless another ask was claimed less than a cycle ago
 * (the order's own inquiry, the sweep, another callback's confirmation): then it does not ask again. An order that
 * ask made final settles the callback against the order; one still open waits (the job retries with backoff).
 */
async function ask(db: DbOrTx, known: Confirmation, { callbackId, lastAttempt }: ConfirmItem, claimed: Map<string, DueClaim>, opts: Options): Promise<ConfirmResult | Settlement> {
  const { type, orderId, claims, merchant } = known;
  const region = getRegion(known.region);
  const said = `callback ${callbackId} said ${claims.status} ${claims.money.amount} ${claims.money.currency}`;
  // Not settled yet: retried by the job, or on its last attempt flagged for a person.
  const unsettled = (why: string, answer?: InquiryAnswer): ConfirmResult | Settlement =>
    lastAttempt ? { callbackId, type, orderId, to: null, flag: `${said}; ${why} after every retry: check with Smilepayz`, r: answer } : { kind: "retry", reason: why };

  // Claimed for this batch (claimMany): the first callback of the order to get here asks, while the claim still holds
  // (a late ask renews it: stillClaimed); the others find it claimed.
  const claim = claimed.get(`${type}:${orderId}`);
  claimed.delete(`${type}:${orderId}`);
  if (!claim || !(await stillClaimed(db, type, claim))) {
    const order = await orderStatusAndMoney(db, type, orderId);
    if (order && isFinal(type, order.status)) return againstOrder(known, callbackId, order);
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
    return { callbackId, type, orderId, to: null, flag: `${said}, but the gateway has no record of this order (code ${r.code}: ${r.message}): check with Smilepayz`, r };
  }
  if (r.outcome !== "accepted") return unsettled(`no usable inquiry-status answer (${r.outcome === "unknown" ? r.detail : r.reason})`, r);
  const g = r.body;
  const to = statusFromGateway(type, g.status ?? "");
  const gMinor = g.money ? region.amount.fromWire(g.money.amount) : known.amountMinor;
  if (g.money && (g.money.currency !== known.currency || gMinor !== known.amountMinor)) {
    return { callbackId, type, orderId, to: null, flag: `inquiry-status has ${g.money.amount} ${g.money.currency}, not the order's amount: check with Smilepayz (${said})`, r };
  }
  if (to === null || !isFinal(type, to)) return unsettled(`the gateway still says ${g.status ?? "nothing"}`, r);
  const claimedMinor = region.amount.fromWire(claims.money.amount);
  const agrees = statusFromGateway(type, claims.status) === to && claims.money.currency === known.currency && claimedMinor === known.amountMinor;
  const flag = agrees ? null : `${said}; inquiry-status says ${g.status} ${g.money?.amount ?? ""} ${g.money?.currency ?? ""}`.trim() + ": the callback's body is not the gateway's";
  // What the payer paid (pay-ins) is not in inquiry-status: taken from the body only when the gateway agreed with it.
  const pay = type === "payin" && agrees && claims.money.payAmount !== undefined ? region.amount.fromWire(claims.money.payAmount) : null;
  return { callbackId, type, orderId, to, flag, r, tradeNo: g.tradeNo ?? null, gatewayStatus: g.status ?? null, payAmountMinor: pay };
}

