import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { appOrigin } from "@/lib/merchants/callback-url-policy";
import { PAYER_TOKEN_RE } from "./schemas";

/** A new payer-page token (32 random bytes, base64url): only its hash is stored. */
export function newPayerToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashPayerToken(token) };
}

export function hashPayerToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isPayerTokenShape(token: string): boolean {
  return PAYER_TOKEN_RE.test(token);
}

/** The link finance sends to the payer. */
export function payerLinkFor(token: string): string {
  return `${appOrigin()}/pay/${token}`;
}
