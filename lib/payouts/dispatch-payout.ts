import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payouts } from "@/db/schema";
import { systemCtx, withDb, type SystemCtx } from "@/lib/api/context";
import { enqueue } from "@/lib/jobs/queue";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { transitionOrder } from "@/lib/orders/transition-order";
import { payoutStatusFromGateway } from "@/lib/orders/transitions";
import { getRegion } from "@/lib/smilepayz/regions";
import { buildPayoutRequest } from "./build-payout-request";
import { PROCESSING_FOLLOW_UP_S } from "./inquire-payout";
import { PAYOUT_INQUIRY } from "./queues";

/** Test seam: where a test's child process kills itself to play a worker dying at that point. */
export interface DispatchHooks {
  beforeCall?: () => void | Promise<void>;
  afterCall?: () => void | Promise<void>;
  afterCommit?: () => void | Promise<void>;
}

export type DispatchResult =
  | { kind: "skipped"; status: string }
  | { kind: "cancelled"; reason: string }
  | { kind: "orphaned" }
  | { kind: "sent"; outcome: "accepted" | "rejected" | "unknown" | "not_sent"; status: string };

/** First inquiry this long after an ambiguous answer: the gateway has usually settled by then. */
export const FIRST_INQUIRY_DELAY_S = 5;

const clients = new Map<string, ReturnType<typeof gatewayClientFor>>();
/** One client per credential version: secrets are decrypted once, not per pay-out. */
function clientFor(m: typeof merchants.$inferSelect) {
  const key = `${m.id}:${m.updatedAt.getTime()}`;
  let c = clients.get(key);
  if (!c) {
    c = gatewayClientFor(m);
    clients.set(key, c);
  }
  return c;
}

/**
 * The "payout-dispatch" job: send one approved pay-out, at most once. SENDING is committed before the call, so a
 * retry that finds SENDING knows an earlier worker died around the call and must not send again: it marks the
 * pay-out UNKNOWN and lets inquiry-status find out. The answer is applied with its event in one transaction;
 * an ambiguous answer (timeout, reset, 5xx, unreadable) schedules an inquiry in that same transaction.
 */
export async function dispatchPayout(db: DbOrTx, payoutId: number, hooks: DispatchHooks = {}): Promise<DispatchResult> {
  const ctx = systemCtx(db, "dispatcher");
  const loaded = (
    await db.select({ p: payouts, m: merchants }).from(payouts).innerJoin(merchants, eq(merchants.id, payouts.merchantId)).where(eq(payouts.id, payoutId))
  )[0];
  if (!loaded) return { kind: "skipped", status: "missing" };
  const { p, m } = loaded;
  if (p.status === "SENDING") return orphaned(ctx, payoutId);
  if (p.status !== "APPROVED") return { kind: "skipped", status: p.status };

  if (p.approvalRequired && p.contentHash !== p.approvedHash) {
    const reason = "the pay-out no longer matches what was approved: not sent";
    await transitionOrder(ctx, { type: "payout", id: payoutId, to: "CANCELLED", from: ["APPROVED"], source: "system", note: reason });
    return { kind: "cancelled", reason };
  }

  const region = getRegion(p.region);
  const body = buildPayoutRequest(p, m);
  const requestBody = JSON.stringify(body);
  const sending = await transitionOrder(ctx, {
    type: "payout",
    id: payoutId,
    to: "SENDING",
    from: ["APPROVED"],
    source: "system",
    note: "signing and sending",
    rawPayload: requestBody,
  });
  if (!sending.applied) {
    return sending.current === "SENDING" ? orphaned(ctx, payoutId) : { kind: "skipped", status: sending.current ?? "missing" };
  }

  await hooks.beforeCall?.();
  let r: Awaited<ReturnType<ReturnType<typeof gatewayClientFor>["payOut"]>>;
  try {
    r = await clientFor(m).payOut(region, body);
  } catch (e) {
    // The client classifies every failure; a throw here (no key, no base URL) happened before any byte left.
    const reason = e instanceof Error ? e.message : "the client could not be built";
    await transitionOrder(ctx, { type: "payout", id: payoutId, to: "NOT_ACCEPTED", from: ["SENDING"], source: "system", note: `not sent: ${reason}` });
    return { kind: "sent", outcome: "not_sent", status: "NOT_ACCEPTED" };
  }
  await hooks.afterCall?.();

  const http = `HTTP ${r.httpStatus ?? "-"} in ${r.durationMs} ms`;
  let status: string;
  if (r.outcome === "accepted") {
    const to = payoutStatusFromGateway(r.body.status) ?? "PROCESSING";
    const accepted = r.body;
    const t = await db.transaction(async (tx) => {
      const res = await transitionOrder(withDb(ctx, tx), {
      type: "payout",
      id: payoutId,
      to,
      from: ["SENDING"],
      source: "response",
        set: { tradeNo: accepted.tradeNo ?? null, gatewayStatus: accepted.status ?? null, gatewayCode: accepted.code, gatewayMessage: accepted.message, sentAt: new Date() },
        gatewayCode: accepted.code,
        gatewayMessage: accepted.message,
        note: `accepted (${http})`,
        rawPayload: r.responseText,
      });
      // If no callback has come by then, inquiry-status asks.
      if (res.applied && to === "PROCESSING") await enqueue(tx, PAYOUT_INQUIRY, { payoutId }, { startAfter: PROCESSING_FOLLOW_UP_S });
      return res;
    });
    // Refused: a callback got there first (SENDING → SUCCESS); it carried the final word.
    status = t.applied ? to : (t.current ?? "missing");
  } else if (r.outcome === "rejected") {
    const t = await transitionOrder(ctx, {
      type: "payout",
      id: payoutId,
      to: "NOT_ACCEPTED",
      from: ["SENDING"],
      source: "response",
      set: { gatewayCode: r.code, gatewayMessage: r.message, sentAt: new Date() },
      gatewayCode: r.code,
      gatewayMessage: r.message,
      note: `refused by the gateway (${http})`,
      rawPayload: r.responseText,
    });
    status = t.applied ? "NOT_ACCEPTED" : (t.current ?? "missing");
  } else if (r.outcome === "not_sent") {
    const t = await transitionOrder(ctx, {
      type: "payout",
      id: payoutId,
      to: "NOT_ACCEPTED",
      from: ["SENDING"],
      source: "system",
      note: `not sent: ${r.reason}`,
    });
    status = t.applied ? "NOT_ACCEPTED" : (t.current ?? "missing");
  } else {
    status = await db.transaction(async (tx) => {
      const t = await transitionOrder(withDb(ctx, tx), {
        type: "payout",
        id: payoutId,
        to: "UNKNOWN",
        from: ["SENDING"],
        source: "response",
        set: { sentAt: new Date() },
        note: `no usable answer (${r.reason}: ${r.detail}); the payment may exist: asking the gateway, never resending`,
        rawPayload: r.responseText,
      });
      if (t.applied) await enqueue(tx, PAYOUT_INQUIRY, { payoutId }, { startAfter: FIRST_INQUIRY_DELAY_S });
      return t.applied ? "UNKNOWN" : (t.current ?? "missing");
    });
  }
  await hooks.afterCommit?.();
  return { kind: "sent", outcome: r.outcome, status };
}

/** Found in SENDING: a worker died between committing SENDING and recording the answer. Never send again. */
async function orphaned(ctx: SystemCtx, payoutId: number): Promise<DispatchResult> {
  await ctx.db.transaction(async (tx) => {
    const t = await transitionOrder(withDb(ctx, tx), {
      type: "payout",
      id: payoutId,
      to: "UNKNOWN",
      from: ["SENDING"],
      source: "system",
      note: "an earlier dispatch stopped around the call to the gateway: not resending; asking the gateway what it has",
    });
    if (t.applied) await enqueue(tx, PAYOUT_INQUIRY, { payoutId }, { startAfter: 1 });
  });
  return { kind: "orphaned" };
}
