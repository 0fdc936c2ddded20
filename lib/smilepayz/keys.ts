import "server-only";
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

/** A key that could not be read: bad PEM, bad Base64, wrong key type. Never carries key material. */
export class KeyFormatError extends Error {
  readonly code = "invalid_key" as const;
  constructor(message: string) {
    super(message);
    this.name = "KeyFormatError";
  }
}

const PEM_RE = /^-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----$/;

/** Strip PEM armour (if any) and whitespace; return the DER bytes. */
function derFrom(text: string, label: string): { der: Buffer; pemType?: string } {
  const trimmed = text.trim();
  let body = trimmed;
  let pemType: string | undefined;
  const m = PEM_RE.exec(trimmed);
  if (m) {
    pemType = m[1];
    body = m[2] ?? "";
  } else if (trimmed.includes("-----")) {
    throw new KeyFormatError(`${label}: the PEM armour is incomplete or has text around it`);
  }
  const b64 = body.replace(/\s+/g, "");
  if (b64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    throw new KeyFormatError(`${label}: not Base64 DER`);
  }
  return { der: Buffer.from(b64, "base64"), pemType };
}

/** Either half of an RSA pair as PEM or bare Base64 DER: PKCS#1 when the PEM armour says so, else PKCS#8 / SPKI. */
function parseRsaKey(text: string, half: "private" | "public"): KeyObject {
  const label = `${half} key`;
  const { der, pemType } = derFrom(text, label);
  try {
    const pkcs1 = pemType === `RSA ${half.toUpperCase()} KEY`;
    const key =
      half === "private"
        ? createPrivateKey({ key: der, format: "der", type: pkcs1 ? "pkcs1" : "pkcs8" })
        : createPublicKey({ key: der, format: "der", type: pkcs1 ? "pkcs1" : "spki" });
    if (key.asymmetricKeyType !== "rsa") throw new KeyFormatError(`${label}: not an RSA key`);
    return key;
  } catch (e) {
    if (e instanceof KeyFormatError) throw e;
    throw new KeyFormatError(`${label}: not ${half === "private" ? "a PKCS#8" : "an SPKI"} RSA ${label}`);
  }
}

/** Read a PKCS#8 RSA private key given as PEM or bare Base64 DER. */
export const parsePrivateKey = (text: string): KeyObject => parseRsaKey(text, "private");

/** Read an SPKI RSA public key given as PEM or bare Base64 DER. */
export const parsePublicKey = (text: string): KeyObject => parseRsaKey(text, "public");

/** The form the Smilepayz merchant backend takes: Base64 DER (SPKI), one line, no PEM header lines. */
export function publicKeyToBase64Der(key: KeyObject): string {
  return key.export({ format: "der", type: "spki" }).toString("base64");
}

export function privateKeyToBase64Der(key: KeyObject): string {
  return key.export({ format: "der", type: "pkcs8" }).toString("base64");
}

/** Public key that belongs to a private key (for "does this pair match" checks). */
export function publicKeyOf(privateKey: KeyObject): KeyObject {
  return createPublicKey(privateKey);
}
