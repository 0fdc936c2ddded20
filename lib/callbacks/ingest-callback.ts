import "server-only";
import { withDb, type SystemCtx } from "@/lib/api/context";
import { env } from "@/lib/env";
import type { ErrorCode } from "@/lib/errors";
import { transitionOrder } from "@/lib/orders/transition-order";
import { getRegion } from "@/lib/smilepayz/regions";
import { verifyCallback } from "@/lib/smilepayz/signature";
import { parseTimestamp } from "@/lib/smilepayz/timestamp";
import { callbackBody, type CallbackBody } from "@/lib/smilepayz/wire";
import { decide, type Decision } from "./decide";
import { findCallbackOrders, type FoundOrder } from "./find-order";
import { flatTx } from "./flat-tx";
import { platformKeyFor } from "./platform-key";
import { flagForReview, recordCallback, storedHeaders, type CallbackRecord } from "./record-callback";

export interface IngestInput {
  /** The body exactly as received. */
  raw: string;
  headers: Headers;
  /** The clock the timestamp window is checked against (tests pin it). */
  now?: Date;
  windowSeconds?: number;
}

type Refusal = "invalid" | "forged" | "stale" | "unknown_order";

export type IngestResult =
  | { accepted: true; outcome: "applied" | "duplicate" | "ignored" | "conflict"; callbackId: number }
  | { accepted: false; outcome: Refusal; callbackId: number; code: ErrorCode; message: string };

const REFUSAL_CODE: Record<Refusal, ErrorCode> = {
  invalid: "invalid_input",
  forged: "unauthorized",
  stale: "unauthorized",
  unknown_order: "not_found",
};

/**
 * A gateway callback, end to end. Every callback is stored (refusals too, with why). A refusal (malformed,
 * unsigned or badly signed, unknown order, stale) changes no order. A verified one is decided under the order's
 * row lock and applied through transitionOrder in the same transaction as its callbacks row; the caller may
 * answer SUCCESS only once this returns `accepted` (committed). Conflicts are accepted but flagged, not applied.
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
  const refuse = async (db: SystemCtx["db"], outcome: Refusal, message: string, extra: Partial<CallbackRecord> = {}): Promise<IngestResult> => {
    const callbackId = await recordCallback(db, { ...base, ...extra, outcome, error: message });
    return { accepted: false, outcome, callbackId, code: REFUSAL_CODE[outcome], message };
  };

  const parsed = parseBody(input.raw);
  if (typeof parsed === "string") return refuse(ctx.db, "invalid", parsed);
  const body = parsed;
  base.tradeNo = body.tradeNo;
  base.orderNo = body.orderNo;
  if (!xTimestamp) return refuse(ctx.db, "invalid", "The X-TIMESTAMP header is missing.");
  const sentAt = parseTimestamp(xTimestamp);
  if (!sentAt) return refuse(ctx.db, "invalid", "X-TIMESTAMP is not in the form yyyy-MM-ddTHH:mm:ss±HH:mm.");
  if (!xSignature) return refuse(ctx.db, "forged", "The X-SIGNATURE header is missing.");
  const fresh = Math.abs(sentAt.getTime() - now.getTime()) <= windowMs;

  return ctx.db.transaction(async (tx) => {
    const candidates = await findCallbackOrders(tx, { tradeNo: body.tradeNo, orderNo: body.orderNo, merchantId: body.merchantId || null });
    if (candidates.length === 0) return refuse(tx, "unknown_order", "No order has this tradeNo or orderNo.", { timestampFresh: fresh });
    const order = candidates.find((c) => signedFor(c, body.tradeNo, xTimestamp, xSignature));
    const merchantId = (order ?? (candidates.length === 1 ? candidates[0] : undefined))?.merchantRowId ?? null;
    if (!order) return refuse(tx, "forged", "The signature does not verify with the credential's platform public key.", { merchantId, timestampFresh: fresh });
    if (!fresh) {
      const message = `X-TIMESTAMP is more than ${windowMs / 1000} s away from the app's clock.`;
      return refuse(tx, "stale", message, { merchantId, signatureValid: true });
    }

    const decision = decide(order, { ...body, currency: body.money.currency, amount: body.money.amount });
    const callbackId = await recordCallback(tx, {
      ...base,
      merchantId,
      signatureValid: true,
      timestampFresh: true,
      outcome: decision.kind === "apply" ? "applied" : decision.kind,
      payoutId: order.type === "payout" ? order.id : null,
      payinId: order.type === "payin" ? order.id : null,
      reviewReason: decision.kind === "conflict" ? decision.reason : null,
      error: decision.kind === "ignored" ? decision.note : null,
    });
    const txCtx = withDb(ctx, flatTx(tx));
    if (decision.kind === "apply") await apply(txCtx, order, body, decision, input.raw, callbackId);
    if (decision.kind === "conflict") await flagForReview(txCtx, order, decision.reason, callbackId);
    return { accepted: true, outcome: decision.kind === "apply" ? "applied" : decision.kind, callbackId } as const;
  });
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

function signedFor(order: FoundOrder, tradeNo: string, timestamp: string, signature: string): boolean {
  const key = platformKeyFor(order.merchantRowId, order.platformPublicKey);
  return key !== null && verifyCallback({ tradeNo, timestamp, signature, platformPublicKey: key });
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
  });
  // The row is locked and the decision was made on it: a refusal here is a bug, not an input problem.
  if (!result.applied) throw new Error(`callback ${callbackId}: transition refused (${result.reason})`);
}
