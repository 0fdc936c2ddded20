import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins } from "@/db/schema";
import { systemCtx, withDb, type SystemCtx } from "@/lib/context";
import { enqueue } from "@/lib/jobs/queue";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { noteOrderEvent } from "@/lib/orders/note-order-event";
import { transitionOrder, type TransitionArgs } from "@/lib/orders/transition-order";
import { targetStatus } from "@/lib/callbacks/decide";
import { getRegion } from "@/lib/smilepayz/regions";
import { buildPayinRequest } from "./build-payin-request";
import { PAYIN_INQUIRY } from "./queues";

export type PayinDispatchResult =
  | { kind: "skipped"; status: string }
  | { kind: "orphaned" }
  | { kind: "sent"; outcome: "accepted" | "rejected" | "unknown" | "not_sent"; status: string };

/** First inquiry this long after an ambiguous answer. */
export const FIRST_INQUIRY_DELAY_S = 5;
/** Asked about this long after the expiry if no callback made it final (the payer had the whole period). */
export const AFTER_EXPIRY_S = 30;

/**
 * The "payin-dispatch" job: send one pay-in, at most once. `sent_at` is committed (with the request body on the
 * timeline) before the call, so a retry that finds it set knows an earlier worker died around the call: the pay-in
 * becomes UNKNOWN and inquiry-status (tradeType 1) finds out. It is never sent again.
 */
export async function dispatchPayin(db: DbOrTx, payinId: number): Promise<PayinDispatchResult> {
  const ctx = systemCtx(db, "dispatcher");
  const loaded = (await db.select({ p: payins, m: merchants }).from(payins).innerJoin(merchants, eq(merchants.id, payins.merchantId)).where(eq(payins.id, payinId)))[0];
  if (!loaded) return { kind: "skipped", status: "missing" };
  const { p, m } = loaded;
  if (p.status !== "CREATING") return { kind: "skipped", status: p.status };
  if (p.sentAt) return orphaned(ctx, payinId);

  const body = buildPayinRequest(p, m);
  const requestBody = JSON.stringify(body);
  const sentAt = new Date();
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx
      .update(payins)
      .set({ sentAt, updatedAt: sentAt })
      .where(and(eq(payins.id, payinId), eq(payins.status, "CREATING"), isNull(payins.sentAt)))
      .returning({ id: payins.id });
    if (rows.length !== 1) return false;
    await noteOrderEvent(withDb(ctx, tx), { type: "payin", id: payinId, status: "CREATING", source: "request", note: "signing and sending", rawPayload: requestBody });
    return true;
  });
  if (!claimed) return { kind: "skipped", status: "claimed elsewhere" };

  const region = getRegion(p.region);
  let r: Awaited<ReturnType<ReturnType<typeof gatewayClientFor>["payIn"]>>;
  try {
    r = await gatewayClientFor(m).payIn(region, body);
  } catch (e) {
    // The client classifies every failure; a throw (no key, no base URL) happened before any byte left.
    const t = await transitionOrder(ctx, { type: "payin", id: payinId, to: "NOT_ACCEPTED", from: ["CREATING"], source: "system", note: `not sent: ${e instanceof Error ? e.message : "the client could not be built"}` });
    return { kind: "sent", outcome: "not_sent", status: t.applied ? "NOT_ACCEPTED" : (t.current ?? "missing") };
  }
  const http = `HTTP ${r.httpStatus ?? "-"} in ${r.durationMs} ms`;
  let args: TransitionArgs<"payin">;
  let inquiryAfterS: number | null = null;
  let outcome: "accepted" | "rejected" | "unknown" | "not_sent";
  if (r.outcome === "accepted") {
    const a = r.body;
    const ch = a.channel;
    const pay = a.money?.payAmount !== undefined ? region.amount.fromWire(a.money.payAmount) : null;
    const to = (targetStatus("payin", a.status ?? "") ?? "PROCESSING") as TransitionArgs<"payin">["to"];
    outcome = "accepted";
    inquiryAfterS = p.expirySeconds + AFTER_EXPIRY_S;
    args = {
      type: "payin",
      id: payinId,
      to,
      from: ["CREATING"],
      source: "response",
      set: {
        tradeNo: a.tradeNo ?? null,
        payAmountMinor: pay,
        paymentUrl: ch?.paymentUrl ?? null,
        qrString: ch?.qrString ?? null,
        receiverBankName: ch?.receiverBankName ?? null,
        vaNumber: ch?.vaNumber ?? null,
        receiverAccountName: ch?.accountName?.trim() || null,
        expiresAt: new Date(sentAt.getTime() + p.expirySeconds * 1000),
        gatewayStatus: a.status ?? null,
        gatewayCode: a.code,
        gatewayMessage: a.message,
      },
      gatewayCode: a.code,
      gatewayMessage: a.message,
      note: `accepted (${http})`,
      rawPayload: r.responseText,
    };
  } else if (r.outcome === "rejected") {
    outcome = "rejected";
    args = {
      type: "payin",
      id: payinId,
      to: "NOT_ACCEPTED",
      from: ["CREATING"],
      source: "response",
      set: { gatewayCode: r.code, gatewayMessage: r.message },
      gatewayCode: r.code,
      gatewayMessage: r.message,
      note: `refused by the gateway (${http})`,
      rawPayload: r.responseText,
    };
  } else if (r.outcome === "not_sent") {
    outcome = "not_sent";
    args = { type: "payin", id: payinId, to: "NOT_ACCEPTED", from: ["CREATING"], source: "system", note: `not sent: ${r.reason}` };
  } else {
    outcome = "unknown";
    inquiryAfterS = FIRST_INQUIRY_DELAY_S;
    args = {
      type: "payin",
      id: payinId,
      to: "UNKNOWN",
      from: ["CREATING"],
      source: "response",
      note: `no usable answer (${r.reason}: ${r.detail}); the pay-in may exist: asking the gateway, never resending`,
      rawPayload: r.responseText,
    };
  }
  const t = await db.transaction(async (tx) => {
    const res = await transitionOrder(withDb(ctx, tx), args);
    if (res.applied && inquiryAfterS !== null) await enqueue(tx, PAYIN_INQUIRY, { payinId }, { startAfter: inquiryAfterS });
    return res;
  });
  return { kind: "sent", outcome, status: t.applied ? args.to : (t.current ?? "missing") };
}

/** Found CREATING with sent_at set: a worker died between sending and recording the answer. Never send again. */
async function orphaned(ctx: SystemCtx, payinId: number): Promise<PayinDispatchResult> {
  await ctx.db.transaction(async (tx) => {
    const t = await transitionOrder(withDb(ctx, tx), {
      type: "payin",
      id: payinId,
      to: "UNKNOWN",
      from: ["CREATING"],
      source: "system",
      note: "an earlier dispatch stopped around the call to the gateway: not resending; asking the gateway what it has",
    });
    if (t.applied) await enqueue(tx, PAYIN_INQUIRY, { payinId }, { startAfter: 1 });
  });
  return { kind: "orphaned" };
}
