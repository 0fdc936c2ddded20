import "server-only";
import { createHash } from "node:crypto";
import type { DbOrTx } from "@/db";
import { withDb, type SystemCtx } from "@/lib/context";
import { env } from "@/lib/env";
import type { ErrorCode } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { flagOrder } from "@/lib/orders/flag-order";
import { noteOrderEvent } from "@/lib/orders/note-order-event";
import { transitionOrder } from "@/lib/orders/transition-order";
import { isFinal } from "@/lib/order-status/transitions";
import { getRegion } from "@/lib/smilepayz/regions";
import { parseTimestamp } from "@/lib/smilepayz/timestamp";
import { callbackBody, type CallbackBody } from "@/lib/smilepayz/wire";
import { decide, type Decision } from "./decide";
import { findCallbackOrders, lockCallbackOrder, type FoundOrder } from "./find-order";
import { keysThatSigned, signedWith, type VerifiedBy } from "./platform-key";
import { CALLBACK_CONFIRM } from "@/lib/jobs/queues";
import { claimCallback, priorClaim, recordBytes, recordCallback, SAMPLE_BODY_CHARS, signatureKeyOf, storedHeaders, type CallbackRecord } from "./record-callback";
import { countRefusal, keepSample } from "./refusal-counter";
import { storeCallback } from "./store-callback";

export interface IngestInput {
  /** The body exactly as received. */
  raw: string;
  headers: Headers;
  /** The clock the timestamp window is checked against (tests pin it). */
  now?: Date;
  windowSeconds?: number;
}

type Refusal = "invalid" | "forged" | "stale" | "unknown_order" | "replayed";
type Accepted = "applied" | "duplicate" | "ignored" | "conflict" | "confirming";

export type IngestResult =
  | { accepted: true; outcome: Accepted; callbackId: number }
  | { accepted: false; outcome: Refusal; callbackId: number | null; code: ErrorCode; message: string };

const UNSIGNED = new Set<Refusal>(["invalid", "forged", "stale"]);

const REFUSAL_CODE: Record<Refusal, ErrorCode> = {
  invalid: "invalid_input",
  forged: "unauthorized",
  stale: "unauthorized",
  unknown_order: "not_found",
  replayed: "conflict",
};

/**
 * A gateway callback, end to end. A refusal (malformed, unsigned or badly signed, unknown order, stale, a
 * signature accepted before with another body) changes no order; it is counted per source address and minute,
 * and only the first few are stored (refusal-counter.ts). A verified one is decided on its order and stored with
 * its signature claimed (one signature counts once): in one statement when it changes no status and the order is
 * still as read, else under the order's row lock. The signature does not cover the body, so a
 * callback that would make the order final is news, not proof: its status waits for inquiry-status (`confirming`,
 * a job sent in the same statement or transaction, which the confirmation workers take: lib/callbacks/workers.ts). Other statuses
 * apply at once through transitionOrder. Conflicts are accepted but flagged. The caller may answer SUCCESS once
 * this returns `accepted` (committed).
 */
export async function ingestCallback({ ctx, input }: { ctx: SystemCtx; input: IngestInput }): Promise<IngestResult> {
  const now = input.now ?? new Date();
  const windowMs = (input.windowSeconds ?? env().CALLBACK_TIMESTAMP_WINDOW_SECONDS) * 1000;
  const xTimestamp = input.headers.get("x-timestamp");
  const xSignature = input.headers.get("x-signature");
  const base: CallbackRecord = {
    headers: storedHeaders(input.headers),
    rawBody: input.raw,
    xTimestamp,
    xSignature,
    remoteIp: ctx.ip,
    outcome: "invalid",
  };
  const refuse = async (outcome: Refusal, message: string, extra: Partial<CallbackRecord> = {}): Promise<IngestResult> => {
    const count = await countRefusal(ctx.db, ctx.ip, outcome);
    // One of this source's first few, and within the minute's budget of samples for all sources: keep it, cut.
    const sample: CallbackRecord = { ...base, rawBody: input.raw.slice(0, SAMPLE_BODY_CHARS), xTimestamp: xTimestamp?.slice(0, 64) ?? null, xSignature: xSignature?.slice(0, 1_024) ?? null, ...extra, outcome, error: message };
    const callbackId = count.sample && (await keepSample(ctx.db, recordBytes(sample))) ? await recordCallback(ctx.db, sample) : null;
    // Past the limit an unsigned or malformed callback is answered 429 (the server in front of Next then sheds the
    // address); a signed one for an unknown order or a reused signature keeps its own answer, only counted.
    if (count.limited && UNSIGNED.has(outcome)) return { accepted: false, outcome, callbackId, code: "rate_limited", message: "Too many refused callbacks from this address: try again in a minute." };
    return { accepted: false, outcome, callbackId, code: REFUSAL_CODE[outcome], message };
  };

  const parsed = parseBody(input.raw);
  if (typeof parsed === "string") return refuse("invalid", parsed);
  const body = parsed;
  base.tradeNo = body.tradeNo.slice(0, 128);
  base.orderNo = body.orderNo.slice(0, 128);
  if (!xTimestamp) return refuse("invalid", "The X-TIMESTAMP header is missing.");
  const sentAt = parseTimestamp(xTimestamp);
  if (!sentAt) return refuse("invalid", "X-TIMESTAMP is not in the form yyyy-MM-ddTHH:mm:ss±HH:mm.");
  if (!xSignature) return refuse("forged", "The X-SIGNATURE header is missing.");
  const fresh = Math.abs(sentAt.getTime() - now.getTime()) <= windowMs;
  const verifiedBy = await keysThatSigned(ctx.db, body.tradeNo, xTimestamp, xSignature);
  if (verifiedBy.valid.size === 0) {
    return refuse("forged", "The signature does not verify with any credential's platform public key.", { timestampFresh: fresh });
  }

  const candidates = await findCallbackOrders(ctx.db, { tradeNo: body.tradeNo, orderNo: body.orderNo, merchantId: body.merchantId || null });
  if (candidates.length === 0) return refuse("unknown_order", "No order has this tradeNo or orderNo.", { timestampFresh: fresh });
  const found = candidates.find((c) => signedFor(verifiedBy, c, body.tradeNo, xTimestamp, xSignature));
  const merchantId = (found ?? (candidates.length === 1 ? candidates[0] : undefined))?.merchantRowId ?? null;
  if (!found) return refuse("forged", "The signature does not verify with the credential's platform public key.", { merchantId, timestampFresh: fresh });
  if (!fresh) return refuse("stale", `X-TIMESTAMP is more than ${windowMs / 1000} s away from the app's clock.`, { merchantId, signatureValid: true });

  const signatureKey = signatureKeyOf(xSignature);
  const bodySha256 = createHash("sha256").update(input.raw).digest("hex");
  const verified = { ...base, merchantId, signatureValid: true, timestampFresh: true, signatureKey, bodySha256 };
  const r = (await storeUnlocked(ctx, found, body, verified, input.raw)) ?? (await decideLocked(ctx, found, body, verified, input.raw));
  if (r.outcome === "replayed") {
    const message = `This X-SIGNATURE was accepted before${r.priorId ? ` (callback ${r.priorId})` : ""} with another body: the body is not what was signed for.`;
    return refuse("replayed", message, { merchantId, signatureValid: true, timestampFresh: true });
  }
  return { accepted: true, outcome: r.outcome, callbackId: r.callbackId };
}

type Verified = CallbackRecord & { signatureKey: string; bodySha256: string };
type Stored = { outcome: Accepted; callbackId: number } | { outcome: "replayed"; priorId: number | null };

/** What the decision writes on the callback row. */
function decidedRow(v: Verified, order: FoundOrder, decision: Decision, outcome: Accepted): Verified {
  return {
    ...v,
    outcome,
    payoutId: order.type === "payout" ? order.id : null,
    payinId: order.type === "payin" ? order.id : null,
    reviewReason: decision.kind === "conflict" ? decision.reason : null,
    error: decision.kind === "ignored" ? decision.note : null,
  };
}

function outcomeOf(order: FoundOrder, decision: Decision): Accepted {
  if (decision.kind !== "apply") return decision.kind;
  return isFinal(order.type, decision.to) ? "confirming" : "applied";
}

const waitingNote = (body: CallbackBody) => `callback says ${body.status}: not applied until inquiry-status confirms it`;

/**
 * The common case in one statement (store-callback.ts): a callback that changes no status (news of a final status
 * waiting for inquiry-status, a duplicate, an out-of-order one), decided on the order as read, written only if the
 * order is still so. Null when it must be decided under the row lock: a status change, a conflict, or the order moved.
 */
async function storeUnlocked(ctx: SystemCtx, order: FoundOrder, body: CallbackBody, v: Verified, raw: string): Promise<Stored | null> {
  const decision = decide(order, { ...body, currency: body.money.currency, amount: body.money.amount });
  const outcome = outcomeOf(order, decision);
  if (outcome !== "confirming" && outcome !== "duplicate" && outcome !== "ignored") return null;
  const note = outcome === "confirming" ? { source: "callback" as const, note: waitingNote(body), rawPayload: raw } : null;
  const s = await storeCallback(ctx, order, decidedRow(v, order, decision, outcome), note);
  if (s.kind === "moved") return null;
  if (s.kind === "claimed") return priorOf(ctx.db, v);
  return { outcome, callbackId: s.callbackId };
}

/**
 * Decided and applied under the order's row lock, in one transaction: a status change goes through transitionOrder,
 * a conflict flags the order, news of a final status is noted and its confirmation job sent.
 */
async function decideLocked(ctx: SystemCtx, found: FoundOrder, body: CallbackBody, v: Verified, raw: string): Promise<Stored> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockCallbackOrder(tx, found);
    if (!order) throw new Error(`order ${found.type} ${found.id} vanished`);
    const decision = decide(order, { ...body, currency: body.money.currency, amount: body.money.amount });
    const outcome = outcomeOf(order, decision);
    const callbackId = await claimCallback(tx, decidedRow(v, order, decision, outcome));
    if (callbackId === null) return priorOf(tx, v);
    const txCtx = withDb(ctx, tx);
    if (outcome === "confirming") {
      await noteOrderEvent(txCtx, { type: order.type, id: order.id, status: order.status, source: "callback", note: waitingNote(body), rawPayload: raw, callbackId });
      await enqueue(tx, CALLBACK_CONFIRM, { callbackId });
    } else if (decision.kind === "apply") {
      await apply(txCtx, order, body, decision, raw, callbackId);
    } else if (decision.kind === "conflict") {
      await flagOrder(txCtx, { type: order.type, id: order.id, reason: decision.reason, callbackId });
    }
    return { outcome, callbackId };
  });
}

/** The signature was claimed before: the same body is a duplicate delivery (counted there), another body a replay. */
async function priorOf(db: DbOrTx, v: Verified): Promise<Stored> {
  const prior = await priorClaim(db, v.signatureKey, v.bodySha256);
  if (prior?.sameBody) return { outcome: "duplicate", callbackId: prior.id };
  return { outcome: "replayed", priorId: prior?.id ?? null };
}

function parseBody(raw: string): CallbackBody | string {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return "The body is not valid JSON.";
  }
  const r = callbackBody.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    return `The body is not a callback: ${first ? `${first.path.join(".") || "body"}: ${first.message}` : "invalid"}.`;
  }
  return r.data;
}

/** Signed with the order's own credential's platform key (checked against the keys that verified it: no second RSA verification). */
function signedFor(verifiedBy: VerifiedBy, order: FoundOrder, tradeNo: string, timestamp: string, signature: string): boolean {
  return signedWith(verifiedBy, order.merchantRowId, order.platformPublicKey, { tradeNo, timestamp, signature });
}

async function apply(ctx: SystemCtx, order: FoundOrder, body: CallbackBody, decision: Extract<Decision, { kind: "apply" }>, raw: string, callbackId: number) {
  const set: Record<string, unknown> = { gatewayStatus: body.status };
  if (order.tradeNo === null) set.tradeNo = body.tradeNo;
  if (order.type === "payin" && body.money.payAmount !== undefined) {
    const pay = getRegion(order.region).amount.fromWire(body.money.payAmount);
    if (pay !== null) set.payAmountMinor = pay;
  }
  const result = await transitionOrder(ctx, {
    type: order.type,
    id: order.id,
    to: decision.to as never,
    source: "callback",
    set,
    rawPayload: raw,
    callbackId,
    note: `callback ${body.status}`,
  }, { status: order.status, merchantId: order.merchantRowId }); // locked and read by decideLocked: not read again
  // The row is locked and the decision was made on it: a refusal here is a bug, not an input problem.
  if (!result.applied) throw new Error(`callback ${callbackId}: transition refused (${result.reason})`);
}
