import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payouts } from "@/db/schema";
import { systemCtx, withDb, type SystemCtx } from "@/lib/context";
import { enqueue, enqueueMany } from "@/lib/jobs/queue";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { transitionOrder, transitionOrders, type BatchTransition } from "@/lib/orders/transition-order";
import { payoutStatusFromGateway } from "@/lib/orders/transitions";
import { getRegion } from "@/lib/smilepayz/regions";
import { buildPayoutRequest } from "./build-payout-request";
import { refuseRows, refuseRowsNow, runGate, whyNotSendable } from "./dispatch-guard";
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
 * an ambiguous answer (timeout, reset, 5xx, unreadable) schedules an inquiry in that same transaction. Only a row
 * its approval's seal still covers, and whose run (if any) is approved, is sent (dispatch-guard.ts).
 */
export async function dispatchPayout(db: DbOrTx, payoutId: number, hooks: DispatchHooks = {}): Promise<DispatchResult> {
  const [r] = await dispatchPayouts(db, [payoutId], hooks);
  if (!r) throw new Error("dispatchPayouts returned no result");
  return r;
}

type Loaded = { p: typeof payouts.$inferSelect; m: typeof merchants.$inferSelect };
type Outcome = Awaited<ReturnType<ReturnType<typeof gatewayClientFor>["payOut"]>> | { outcome: "thrown"; reason: string };
interface ToSend {
  at: number;
  p: Loaded["p"];
  m: Loaded["m"];
  body: ReturnType<typeof buildPayoutRequest>;
  requestBody: string;
}

/**
 * dispatchPayout for a batch (a pg-boss fetch): the same steps and guarantees per pay-out, with the database work
 * set-based: one read of the pay-outs with their credentials, ONE transaction committing SENDING (with its events,
 * audit rows and notifications) for the whole batch before any call, the calls concurrently (at most one per
 * pay-out: only rows this run moved to SENDING are sent), then ONE transaction applying every answer and
 * scheduling the inquiries. Results are in the order of `payoutIds` (a repeated id gets the same result).
 */
export async function dispatchPayouts(db: DbOrTx, payoutIds: readonly number[], hooks: DispatchHooks = {}): Promise<DispatchResult[]> {
  const ctx = systemCtx(db, "dispatcher");
  const ids = [...new Set(payoutIds)];
  const loaded = new Map<number, Loaded>(
    (
      await db
        .select({ p: payouts, m: merchants })
        .from(payouts)
        .innerJoin(merchants, eq(merchants.id, payouts.merchantId))
        .where(inArray(payouts.id, ids))
    ).map((r) => [r.p.id, r]),
  );
  const results: DispatchResult[] = new Array<DispatchResult>(ids.length);
  const candidates: ToSend[] = [];
  const refused: { at: number; id: number; orderNo: string; reason: string }[] = [];
  for (const [at, id] of ids.entries()) {
    const row = loaded.get(id);
    if (!row) {
      results[at] = { kind: "skipped", status: "missing" };
      continue;
    }
    const { p, m } = row;
    const mismatch = p.status === "APPROVED" ? whyNotSendable(row) : null;
    if (p.status === "SENDING") results[at] = await orphaned(ctx, id);
    else if (p.status !== "APPROVED") results[at] = { kind: "skipped", status: p.status };
    else if (mismatch) refused.push({ at, id, orderNo: p.orderNo, reason: mismatch });
    else {
      // The body is built from this same checked read, so what is sent is what was hashed (and approved).
      const body = buildPayoutRequest(p, m);
      candidates.push({ at, p, m, body, requestBody: JSON.stringify(body) });
    }
  }

  // Changed since approved: cancelled, flagged and audited, never sent.
  const cancelled = await refuseRowsNow(ctx, refused);
  for (const r of refused) results[r.at] = cancelled.has(r.id) ? { kind: "cancelled", reason: r.reason } : { kind: "skipped", status: "moved" };

  // SENDING, committed for the whole batch before any byte leaves; sentAt is that moment (the calls follow at once),
  // so a pay-out whose answer times out still shows when the request left, not when the wait ended.
  const sentAt = new Date();
  const { going, sending } = await db.transaction(async (tx) => {
    const gate = await runGate(tx, candidates.flatMap((c) => (c.p.batchId === null ? [] : [c.p.batchId])));
    const unapproved: { at: number; id: number; orderNo: string; reason: string }[] = [];
    const going = candidates.filter((c) => {
      const g = c.p.batchId === null ? undefined : gate.get(c.p.batchId);
      if (g?.held) results[c.at] = { kind: "skipped", status: "run paused" };
      else if (g) unapproved.push({ at: c.at, id: c.p.id, orderNo: c.p.orderNo, reason: g.reason });
      return !g;
    });
    // A row whose run is not approved (its status forced, or approved alone): refused for good, in this transaction.
    const gone = await refuseRows(withDb(ctx, tx), unapproved);
    for (const u of unapproved) results[u.at] = gone.has(u.id) ? { kind: "cancelled", reason: u.reason } : { kind: "skipped", status: "moved" };
    const sending = await transitionOrders(
      withDb(ctx, tx),
      "payout",
      going.map((c) => ({ id: c.p.id, to: "SENDING" as const, from: ["APPROVED" as const], source: "system" as const, set: { sentAt }, note: "signing and sending", rawPayload: c.requestBody })),
    );
    return { going, sending };
  });
  const toSend: ToSend[] = [];
  for (const [i, c] of going.entries()) {
    const t = sending[i];
    if (t?.applied) toSend.push(c);
    else results[c.at] = t?.current === "SENDING" ? await orphaned(ctx, c.p.id) : { kind: "skipped", status: t?.current ?? "missing" };
  }
  if (toSend.length === 0) return finish(ids, payoutIds, results);

  await hooks.beforeCall?.();
  const outcomes: Outcome[] = await Promise.all(
    toSend.map(async (c): Promise<Outcome> => {
      try {
        return await clientFor(c.m).payOut(getRegion(c.p.region), c.body);
      } catch (e) {
        // The client classifies every failure; a throw here (no key, no base URL) happened before any byte left.
        return { outcome: "thrown", reason: e instanceof Error ? e.message : "the client could not be built" };
      }
    }),
  );
  await hooks.afterCall?.();

  // Every answer, with its event, and the inquiries the ambiguous ones need, in one transaction.
  const plans = toSend.map((c, i) => answerPlan(c.p.id, outcomes[i] ?? { outcome: "thrown", reason: "no outcome" }));
  const applied = await db.transaction(async (tx) => {
    const res = await transitionOrders(withDb(ctx, tx), "payout", plans.map((pl) => pl.args));
    const follow = (delay: number, want: string) =>
      plans.flatMap((pl, i) => (res[i]?.applied && pl.args.to === want && pl.inquiryAfterS === delay ? [{ data: { payoutId: pl.args.id }, startAfter: delay }] : []));
    // If no callback has come by then, inquiry-status asks; an ambiguous answer is asked about sooner.
    await enqueueMany(tx, PAYOUT_INQUIRY, [...follow(PROCESSING_FOLLOW_UP_S, "PROCESSING"), ...follow(FIRST_INQUIRY_DELAY_S, "UNKNOWN")]);
    return res;
  });
  for (const [i, c] of toSend.entries()) {
    const t = applied[i];
    const pl = plans[i];
    if (!pl) continue;
    // Refused: a callback got there first (SENDING → SUCCESS); it carried the final word.
    results[c.at] = { kind: "sent", outcome: pl.outcome, status: t?.applied ? pl.args.to : (t?.current ?? "missing") };
  }
  await hooks.afterCommit?.();
  return finish(ids, payoutIds, results);
}

function finish(ids: number[], payoutIds: readonly number[], results: DispatchResult[]): DispatchResult[] {
  const at = new Map(ids.map((id, i) => [id, i]));
  return payoutIds.map((id) => {
    const r = results[at.get(id) ?? -1];
    if (!r) throw new Error(`dispatchPayouts: no result for pay-out ${id}`);
    return r;
  });
}

/** What an answer does to the pay-out: the transition, and when (if at all) inquiry-status asks next. */
function answerPlan(
  payoutId: number,
  r: Outcome,
): { args: BatchTransition<"payout">; outcome: "accepted" | "rejected" | "unknown" | "not_sent"; inquiryAfterS?: number } {
  if (r.outcome === "thrown") {
    return { outcome: "not_sent", args: { id: payoutId, to: "NOT_ACCEPTED", from: ["SENDING"], source: "system", note: `not sent: ${r.reason}` } };
  }
  const http = `HTTP ${r.httpStatus ?? "-"} in ${r.durationMs} ms`;
  if (r.outcome === "accepted") {
    const to = payoutStatusFromGateway(r.body.status) ?? "PROCESSING";
    const accepted = r.body;
    return {
      outcome: "accepted",
      inquiryAfterS: PROCESSING_FOLLOW_UP_S,
      args: {
        id: payoutId,
        to,
        from: ["SENDING"],
        source: "response",
        set: { tradeNo: accepted.tradeNo ?? null, gatewayStatus: accepted.status ?? null, gatewayCode: accepted.code, gatewayMessage: accepted.message },
        gatewayCode: accepted.code,
        gatewayMessage: accepted.message,
        note: `accepted (${http})`,
        rawPayload: r.responseText,
      },
    };
  }
  if (r.outcome === "rejected") {
    return {
      outcome: "rejected",
      args: {
        id: payoutId,
        to: "NOT_ACCEPTED",
        from: ["SENDING"],
        source: "response",
        set: { gatewayCode: r.code, gatewayMessage: r.message },
        gatewayCode: r.code,
        gatewayMessage: r.message,
        note: `refused by the gateway (${http})`,
        rawPayload: r.responseText,
      },
    };
  }
  if (r.outcome === "not_sent") {
    return { outcome: "not_sent", args: { id: payoutId, to: "NOT_ACCEPTED", from: ["SENDING"], source: "system", note: `not sent: ${r.reason}` } };
  }
  return {
    outcome: "unknown",
    inquiryAfterS: FIRST_INQUIRY_DELAY_S,
    args: {
      id: payoutId,
      to: "UNKNOWN",
      from: ["SENDING"],
      source: "response",
      note: `no usable answer (${r.reason}: ${r.detail}); the payment may exist: asking the gateway, never resending`,
      rawPayload: r.responseText,
    },
  };
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
