import "server-only";
import { createSign, createVerify, sign as cryptoSign, type KeyObject } from "node:crypto";
import { parsePrivateKey, parsePublicKey } from "./keys";

export { KeyFormatError } from "./keys";

type KeyInput = string | KeyObject;

const asPrivate = (k: KeyInput) => (typeof k === "string" ? parsePrivateKey(k) : k);
const asPublic = (k: KeyInput) => (typeof k === "string" ? parsePublicKey(k) : k);
const B64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

function rsaSign(data: string, key: KeyObject): string {
  return createSign("RSA-SHA256").update(data, "utf8").sign(key).toString("base64");
}

function rsaVerify(data: string, signature: string, key: KeyObject): boolean {
  if (typeof signature !== "string" || signature.length === 0 || !B64_RE.test(signature)) return false;
  try {
    return createVerify("RSA-SHA256").update(data, "utf8").verify(key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/** A verification with a key given as text or object: false for a bad signature or an unreadable key, never a throw. */
function verifyWith(data: string, signature: string, key: KeyInput): boolean {
  try {
    return rsaVerify(data, signature, asPublic(key));
  } catch {
    return false;
  }
}

/** The v2.0 request string: `X-TIMESTAMP|merchantSecret|body` over the exact body bytes sent. */
export function requestStringToSign(timestamp: string, merchantSecret: string, body: string): string {
  return `${timestamp}|${merchantSecret}|${body}`;
}

/** The v2.0 callback string: `tradeNo|X-TIMESTAMP`. */
export function callbackStringToSign(tradeNo: string, timestamp: string): string {
  return `${tradeNo}|${timestamp}`;
}

/**
 * X-SIGNATURE for a merchant request: Base64 RSASSA-PKCS1-v1_5/SHA-256 with the merchant private key.
 * Throws KeyFormatError (typed, no key material in it) when the key cannot be read.
 */
export function signRequest(args: {
  timestamp: string;
  merchantSecret: string;
  body: string;
  privateKey: KeyInput;
}): string {
  return rsaSign(requestStringToSign(args.timestamp, args.merchantSecret, args.body), asPrivate(args.privateKey));
}

/**
 * signRequest off the main thread: the RSA private-key operation runs on libuv's thread pool (crypto.sign with a
 * callback), so a dispatcher sending hundreds a second keeps its event loop for the database and the sockets.
 * Same bytes as signRequest (RSASSA-PKCS1-v1_5, SHA-256); KeyFormatError when the key cannot be read.
 */
export function signRequestAsync(args: { timestamp: string; merchantSecret: string; body: string; privateKey: KeyInput }): Promise<string> {
  const key = asPrivate(args.privateKey);
  const data = Buffer.from(requestStringToSign(args.timestamp, args.merchantSecret, args.body), "utf8");
  return new Promise((resolve, reject) => cryptoSign("sha256", data, key, (e, sig) => (e ? reject(e) : resolve(sig.toString("base64")))));
}

/** Gateway side of signRequest. False for any bad signature or unreadable key; never throws. */
export function verifyRequest(args: {
  timestamp: string;
  merchantSecret: string;
  body: string;
  signature: string;
  merchantPublicKey: KeyInput;
}): boolean {
  return verifyWith(requestStringToSign(args.timestamp, args.merchantSecret, args.body), args.signature, args.merchantPublicKey);
}

/** Gateway side: X-SIGNATURE of a callback, made with the platform private key. */
export function signCallback(args: { tradeNo: string; timestamp: string; privateKey: KeyInput }): string {
  return rsaSign(callbackStringToSign(args.tradeNo, args.timestamp), asPrivate(args.privateKey));
}

/** Check a callback's X-SIGNATURE with the credential's platform public key. False, never a throw, when bad. */
export function verifyCallback(args: {
  tradeNo: string;
  timestamp: string;
  signature: string;
  platformPublicKey: KeyInput;
}): boolean {
  return verifyWith(callbackStringToSign(args.tradeNo, args.timestamp), args.signature, args.platformPublicKey);
}
