import { randomBytes, type KeyObject } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbacks, orderEvents, payouts } from "@/db/schema";
import { systemCtx } from "@/lib/api/context";
import { ingestCallback, type IngestResult } from "@/lib/callbacks/ingest-callback";
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

/** A callback as the gateway sends it: body bytes, X-TIMESTAMP, X-SIGNATURE over tradeNo|X-TIMESTAMP. */
export function signedCallback(
  body: Record<string, unknown> & { tradeNo: string },
  opts: { at?: Date; key?: string | KeyObject; signedTradeNo?: string } = {},
): Delivery {
  const timestamp = formatTimestamp(opts.at ?? new Date(), 420);
  const signature = signCallback({ tradeNo: opts.signedTradeNo ?? body.tradeNo, timestamp, privateKey: opts.key ?? PLATFORM_PRIVATE });
  return { raw: JSON.stringify(body), headers: new Headers({ "content-type": "application/json", "x-timestamp": timestamp, "x-signature": signature }) };
}

export function thaiBody(p: { orderNo: string; tradeNo: string }, status: string, amount = 1500, extra: Record<string, unknown> = {}) {
  return { orderNo: p.orderNo, tradeNo: p.tradeNo, paymentMethod: "KBANK", status, money: { currency: "THB", amount }, ...extra };
}

export function ingest(db: DbOrTx, d: Delivery, opts: { now?: Date; windowSeconds?: number } = {}): Promise<IngestResult> {
  return ingestCallback({ ctx: systemCtx(db, "callback", "203.0.113.7", "test"), input: { raw: d.raw, headers: d.headers, ...opts } });
}

export async function payoutState(db: DbOrTx, id: number) {
  const [row] = await db.select().from(payouts).where(eq(payouts.id, id));
  const events = await db.select().from(orderEvents).where(eq(orderEvents.payoutId, id)).orderBy(asc(orderEvents.id));
  return { row, events };
}

export async function callbackRow(db: DbOrTx, id: number) {
  const [row] = await db.select().from(callbacks).where(and(eq(callbacks.id, id)));
  return row;
}
