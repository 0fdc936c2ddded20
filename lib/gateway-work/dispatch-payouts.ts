import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payouts } from "@/db/schema";
import { systemCtx, withDb, type SystemCtx } from "@/lib/context";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { transitionOrders } from "@/lib/orders/transition-order";
import { buildPayoutRequest } from "@/lib/payouts/build-payout-request";
import { refuseRows, refuseRowsNow, runGate, whyNotSendable } from "@/lib/payouts/dispatch-guard";
import { getRegion } from "@/lib/smilepayz/regions";
import { answerPlan, type DispatchResult, type SendAnswer } from "./answer-plan";
import { PROCESSING_FOLLOW_UP_S } from "./inquire-order";
import { markOrphaned } from "./mark-orphaned";
import { scheduleInquiries } from "./schedule-inquiry";

/** Test seam: where a test's child process kills itself to play a worker dying at that point. */
export interface DispatchHooks {
  beforeCall?: () => void | Promise<void>;
  afterCall?: () => void | Promise<void>;
  afterCommit?: () => void | Promise<void>;
}

export type { DispatchResult } from "./answer-plan";

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
interface ToSend extends Loaded {
  at: number;
  body: ReturnType<typeof buildPayoutRequest>;
  requestBody: string;
}
type Refusal = { at: number; id: number; orderNo: string; reason: string };
type PayOutAnswer = SendAnswer<Extract<Awaited<ReturnType<ReturnType<typeof gatewayClientFor>["payOut"]>>, { outcome: "accepted" }>["body"]>;

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
  const results: DispatchResult[] = new Array<DispatchResult>(ids.length);
  const { candidates, refused } = await sortOut(ctx, ids, results);

  // Changed since approved: cancelled, flagged and audited, never sent.
  const cancelled = await refuseRowsNow(ctx, refused);
  for (const r of refused) results[r.at] = cancelled.has(r.id) ? { kind: "cancelled", reason: r.reason } : { kind: "skipped", status: "moved" };

  const toSend = await commitSending(ctx, candidates, results);
  if (toSend.length > 0) {
    await hooks.beforeCall?.();
    const answers = await Promise.all(toSend.map(call));
    await hooks.afterCall?.();
    await applyAnswers(ctx, toSend, answers, results);
    await hooks.afterCommit?.();
  }
  const at = new Map(ids.map((id, i) => [id, i]));
  return payoutIds.map((id) => {
    const r = results[at.get(id) ?? -1];
    if (!r) throw new Error(`dispatchPayouts: no result for pay-out ${id}`);
    return r;
  });
}

/** One read of the pay-outs with their credentials; each is a candidate, refused (changed since approved), or done. */
async function sortOut(ctx: SystemCtx, ids: number[], results: DispatchResult[]): Promise<{ candidates: ToSend[]; refused: Refusal[] }> {
  const rows = await ctx.db.select({ p: payouts, m: merchants }).from(payouts).innerJoin(merchants, eq(merchants.id, payouts.merchantId)).where(inArray(payouts.id, ids));
  const loaded = new Map<number, Loaded>(rows.map((r) => [r.p.id, r]));
  const candidates: ToSend[] = [];
  const refused: Refusal[] = [];
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
  return { candidates, refused };
}

/**
 * SENDING, committed for the whole batch before any byte leaves; sentAt is that moment (the calls follow at once),
 * so a pay-out whose answer times out still shows when the request left, not when the wait ended. Returns the rows
 * this run moved to SENDING: the only ones it sends.
 */
async function commitSending(ctx: SystemCtx, candidates: ToSend[], results: DispatchResult[]): Promise<ToSend[]> {
  const sentAt = new Date();
  const { going, sending } = await ctx.db.transaction(async (tx) => {
    const gate = await runGate(tx, candidates.flatMap((c) => (c.p.batchId === null ? [] : [c.p.batchId])));
    const unapproved: Refusal[] = [];
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
  return toSend;
}

async function call(c: ToSend): Promise<PayOutAnswer> {
  try {
    return await gatewayClientFor(c.m).payOut(getRegion(c.p.region), c.body);
  } catch (e) {
    // The client classifies every failure; a throw here (no key, no base URL) happened before any byte left.
    return { outcome: "thrown", reason: e instanceof Error ? e.message : "the client could not be built" };
  }
}

/** Every answer, with its event, and the inquiries the open ones need, in one transaction. */
async function applyAnswers(ctx: SystemCtx, toSend: ToSend[], answers: PayOutAnswer[], results: DispatchResult[]): Promise<void> {
  // If no callback has come by then, inquiry-status asks; an ambiguous answer is asked about sooner.
  const followUpS = (to: string) => (to === "PROCESSING" ? PROCESSING_FOLLOW_UP_S : null);
  const plans = toSend.map((c, i) => answerPlan("payout", c.p.id, answers[i] ?? { outcome: "thrown", reason: "no outcome" }, { followUpS }));
  const applied = await ctx.db.transaction(async (tx) => {
    const res = await transitionOrders(withDb(ctx, tx), "payout", plans.map((pl) => pl.args));
    const asks = plans.flatMap((pl, i) => (res[i]?.applied && pl.inquiryAfterS !== null ? [{ id: pl.args.id, startAfterS: pl.inquiryAfterS }] : []));
    await scheduleInquiries(tx, "payout", asks);
    return res;
  });
  for (const [i, c] of toSend.entries()) {
    const t = applied[i];
    const pl = plans[i];
    if (!pl) continue;
    // Refused: a callback got there first (SENDING → SUCCESS); it carried the final word.
    results[c.at] = { kind: "sent", outcome: pl.outcome, status: t?.applied ? pl.args.to : (t?.current ?? "missing") };
  }
}

/** Found in SENDING: a worker died between committing SENDING and recording the answer. Never send again. */
async function orphaned(ctx: SystemCtx, payoutId: number): Promise<DispatchResult> {
  await markOrphaned(ctx, "payout", payoutId);
  return { kind: "orphaned" };
}
