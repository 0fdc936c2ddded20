import { randomBytes, type KeyObject } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks, orderEvents, payouts } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import type { Inquire } from "@/lib/callbacks/confirm-callback";
import { ingestCallback, type IngestResult } from "@/lib/callbacks/ingest-callback";
import type { InquiryStatusRequest } from "@/lib/smilepayz/wire";
import { parsePublicKey, publicKeyToBase64Der } from "@/lib/smilepayz/keys";
import { signCallback } from "@/lib/smilepayz/signature";
import { formatTimestamp } from "@/lib/smilepayz/timestamp";
import { PLATFORM_PRIVATE, PLATFORM_PUBLIC } from "../helpers/fixtures";

/** The fixture platform key in the form credentials store it (Base64 DER). */
export const PLATFORM_PUBLIC_DER = publicKeyToBase64Der(parsePublicKey(PLATFORM_PUBLIC));

export interface Delivery {
  raw: string;
  headers: Headers;
}

export const uid = () => randomBytes(5).toString("hex").toUpperCase();

let stepBack = 0;
const T0 = Date.now();
/**
 * A callback as the gateway sends it: body bytes, X-TIMESTAMP, X-SIGNATURE over tradeNo|X-TIMESTAMP. Without `at`,
 * each call is signed a second before the one before (from the file's start, within the window): the signature covers only
 * tradeNo and the timestamp, so two bodies signed in the same second would share one signature (a replay).
 */
export function signedCallback(
  body: Record<string, unknown> & { tradeNo: string },
  opts: { at?: Date; key?: string | KeyObject; signedTradeNo?: string } = {},
): Delivery {
  const timestamp = formatTimestamp(opts.at ?? new Date(T0 - (stepBack++ % 240) * 1000), 420);
  const signature = signCallback({ tradeNo: opts.signedTradeNo ?? body.tradeNo, timestamp, privateKey: opts.key ?? PLATFORM_PRIVATE });
  return { raw: JSON.stringify(body), headers: new Headers({ "content-type": "application/json", "x-timestamp": timestamp, "x-signature": signature }) };
}

export function thaiBody(p: { orderNo: string; tradeNo: string }, status: string, amount = 1500, extra: Record<string, unknown> = {}) {
  return { orderNo: p.orderNo, tradeNo: p.tradeNo, paymentMethod: "KBANK", status, money: { currency: "THB", amount }, ...extra };
}

let addressSeq = 0;
/** A source address of its own per call unless one is given: refusals are sampled per address and minute. */
export const freshAddress = () => `198.18.${(++addressSeq >> 8) & 255}.${addressSeq & 255}`;

export function ingest(db: DbOrTx, d: Delivery, opts: { now?: Date; windowSeconds?: number; ip?: string } = {}): Promise<IngestResult> {
  const { ip, ...rest } = opts;
  return ingestCallback({ ctx: systemCtx(db, "callback", ip ?? freshAddress(), "test"), input: { raw: d.raw, headers: d.headers, ...rest } });
}

/** A gateway whose inquiry-status answers `status` (and money) for any order; records what it was asked. */
export function gatewaySays(
  status: string | ((orderNo: string) => string),
  money: { currency: string; amount: number } | null = { currency: "THB", amount: 1500 },
  tradeNo?: string | ((orderNo: string) => string | undefined),
) {
  const asked: InquiryStatusRequest[] = [];
  const inquire: Inquire = async (_m, _region, req) => {
    asked.push(req);
    const word = typeof status === "string" ? status : status(req.orderNo ?? "");
    const t = typeof tradeNo === "function" ? tradeNo(req.orderNo ?? "") : tradeNo;
    const body = { code: "00", message: "Successful", orderNo: req.orderNo, ...(t ? { tradeNo: t } : {}), tradeType: req.tradeType, status: word, ...(money ? { money } : {}) };
    const text = JSON.stringify(body);
    return { outcome: "accepted", body, path: "/v2.0/inquiry-status", url: "", requestTimestamp: "", requestBody: "", httpStatus: 200, responseText: text, durationMs: 1 };
  };
  return { inquire, asked };
}

export async function payoutState(db: DbOrTx, id: number) {
  const [row] = await db.select().from(payouts).where(eq(payouts.id, id));
  const events = await db.select().from(orderEvents).where(eq(orderEvents.payoutId, id)).orderBy(asc(orderEvents.id));
  return { row, events };
}

export async function callbackRow(db: DbOrTx, id: number | null) {
  if (id === null) return undefined;
  const [row] = await db.select().from(callbacks).where(and(eq(callbacks.id, id)));
  return row;
}
