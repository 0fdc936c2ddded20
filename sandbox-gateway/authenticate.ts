import "server-only";
import { eq } from "drizzle-orm";
import type { IncomingMessage } from "node:http";
import type { KeyObject } from "node:crypto";
import { parsePublicKey } from "@/lib/smilepayz/keys";
import { verifyRequest } from "@/lib/smilepayz/signature";
import { isTimestampFresh, parseTimestamp } from "@/lib/smilepayz/timestamp";
import { CODES } from "./codes";
import type { GatewayContext } from "./context";
import { header } from "./http-util";
import { openSecret } from "./secret-store";
import { gwMerchants } from "./schema";

export type AuthResult =
  | { ok: true; merchantId: string; body: unknown }
  | { ok: false; code: string; message: string };

/** The checks every merchant call passes, in order: body, partner id, timestamp window, RSA signature. */
export async function authenticate(ctx: GatewayContext, req: IncomingMessage, raw: string): Promise<AuthResult> {
  if (!(header(req, "content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return { ok: false, code: CODES.badRequest, message: "Content-Type must be application/json" };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, code: CODES.badRequest, message: "Body is not valid JSON" };
  }
  const partnerId = header(req, "x-partner-id") ?? "";
  const merchant = partnerId
    ? (await ctx.db.select().from(gwMerchants).where(eq(gwMerchants.merchantId, partnerId)).limit(1))[0]
    : undefined;
  if (!merchant) return { ok: false, code: CODES.unknownPartner, message: "Unknown X-PARTNER-ID" };

  const ts = header(req, "x-timestamp") ?? "";
  if (!parseTimestamp(ts)) {
    return { ok: false, code: CODES.badTimestamp, message: "X-TIMESTAMP must be yyyy-MM-ddTHH:mm:ss±HH:mm" };
  }
  if (!isTimestampFresh(ts, ctx.now())) {
    return { ok: false, code: CODES.badTimestamp, message: "X-TIMESTAMP is more than 5 minutes from the gateway's clock" };
  }
  const merchantSecret = openSecret(ctx.platformKey, merchant.merchantSecret);
  if (merchantSecret === null) return { ok: false, code: CODES.badSignature, message: "Signature verification failed" };
  const ok = verifyRequest({
    timestamp: ts,
    merchantSecret,
    body: raw,
    signature: header(req, "x-signature") ?? "",
    merchantPublicKey: publicKeyOf(merchant.publicKey),
  });
  if (!ok) return { ok: false, code: CODES.badSignature, message: "Signature verification failed" };
  return { ok: true, merchantId: merchant.merchantId, body };
}

const parsedKeys = new Map<string, KeyObject | string>();
/** The merchant's public key parsed once per distinct PEM (a re-uploaded key is a new entry); unreadable stays text. */
function publicKeyOf(pem: string): KeyObject | string {
  let k = parsedKeys.get(pem);
  if (k === undefined) {
    try {
      k = parsePublicKey(pem);
    } catch {
      k = pem;
    }
    if (parsedKeys.size >= 1000) parsedKeys.clear();
    parsedKeys.set(pem, k);
  }
  return k;
}
