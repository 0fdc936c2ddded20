import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins } from "@/db/schema";
import { systemCtx, withDb, type SystemCtx } from "@/lib/context";
import { gatewayClientFor } from "@/lib/merchants/gateway-client";
import { noteOrderEvent } from "@/lib/orders/note-order-event";
import { transitionOrder } from "@/lib/orders/transition-order";
import { buildPayinRequest } from "@/lib/payins/build-payin-request";
import { getRegion, type Region } from "@/lib/smilepayz/regions";
import { answerPlan, type DispatchResult, type SendAnswer } from "./answer-plan";
import { markOrphaned } from "./mark-orphaned";
import { scheduleInquiry } from "./schedule-inquiry";

/** Asked about this long after the expiry if no callback made it final (the payer had the whole period). */
const AFTER_EXPIRY_S = 30;

type Payin = typeof payins.$inferSelect;
type PayInAnswer = SendAnswer<Extract<Awaited<ReturnType<ReturnType<typeof gatewayClientFor>["payIn"]>>, { outcome: "accepted" }>["body"]>;

/**
 * The "payin-dispatch" job: send one pay-in, at most once. `sent_at` is committed (with the request body on the
 * timeline) before the call, so a retry that finds it set knows an earlier worker died around the call: the pay-in
 * becomes UNKNOWN and inquiry-status (tradeType 1) finds out. It is never sent again.
 */
export async function dispatchPayin(db: DbOrTx, payinId: number): Promise<DispatchResult> {
  const ctx = systemCtx(db, "dispatcher");
  const loaded = (await db.select({ p: payins, m: merchants }).from(payins).innerJoin(merchants, eq(merchants.id, payins.merchantId)).where(eq(payins.id, payinId)))[0];
  if (!loaded) return { kind: "skipped", status: "missing" };
  const { p, m } = loaded;
  if (p.status !== "CREATING") return { kind: "skipped", status: p.status };
  if (p.sentAt) {
    // A worker died between sending and recording the answer. Never send again.
    await markOrphaned(ctx, "payin", payinId);
    return { kind: "orphaned" };
  }

  const body = buildPayinRequest(p, m);
  const sentAt = new Date();
  if (!(await commitSent(ctx, payinId, JSON.stringify(body), sentAt))) return { kind: "skipped", status: "claimed elsewhere" };

  const region = getRegion(p.region);
  let r: PayInAnswer;
  try {
    r = await gatewayClientFor(m).payIn(region, body);
  } catch (e) {
    // The client classifies every failure; a throw (no key, no base URL) happened before any byte left.
    r = { outcome: "thrown", reason: e instanceof Error ? e.message : "the client could not be built" };
  }
  const plan = answerPlan("payin", payinId, r, {
    set: (a) => acceptedColumns(a, p, region, sentAt),
    followUpS: () => p.expirySeconds + AFTER_EXPIRY_S,
  });
  const t = await db.transaction(async (tx) => {
    const res = await transitionOrder(withDb(ctx, tx), { type: "payin", ...plan.args });
    if (res.applied && plan.inquiryAfterS !== null) await scheduleInquiry(tx, "payin", payinId, plan.inquiryAfterS);
    return res;
  });
  return { kind: "sent", outcome: plan.outcome, status: t.applied ? plan.args.to : (t.current ?? "missing") };
}

/** The intent: sent_at and the signed request on the timeline, committed before the call (false: another run has it). */
async function commitSent(ctx: SystemCtx, payinId: number, requestBody: string, sentAt: Date): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(payins)
      .set({ sentAt, updatedAt: sentAt })
      .where(and(eq(payins.id, payinId), eq(payins.status, "CREATING"), isNull(payins.sentAt)))
      .returning({ id: payins.id });
    if (rows.length !== 1) return false;
    await noteOrderEvent(withDb(ctx, tx), { type: "payin", id: payinId, status: "CREATING", source: "request", note: "signing and sending", rawPayload: requestBody });
    return true;
  });
}

/** What an accepted pay-in adds: what the payer pays and where (payment page, QR, account), and when it expires. */
function acceptedColumns(a: Extract<PayInAnswer, { outcome: "accepted" }>["body"], p: Payin, region: Region, sentAt: Date) {
  const ch = a.channel;
  return {
    payAmountMinor: a.money?.payAmount !== undefined ? region.amount.fromWire(a.money.payAmount) : null,
    paymentUrl: ch?.paymentUrl ?? null,
    qrString: ch?.qrString ?? null,
    receiverBankName: ch?.receiverBankName ?? null,
    vaNumber: ch?.vaNumber ?? null,
    receiverAccountName: ch?.accountName?.trim() || null,
    expiresAt: new Date(sentAt.getTime() + p.expirySeconds * 1000),
  };
}
