import "server-only";
import { parsePrivateKey, parsePublicKey, privateKeyToBase64Der, publicKeyOf, publicKeyToBase64Der } from "@/lib/smilepayz/keys";
import { AppError, type FieldErrors } from "@/lib/errors";

const MIN_BITS = 2048;

function bits(k: { asymmetricKeyDetails?: { modulusLength?: number } }): number {
  return k.asymmetricKeyDetails?.modulusLength ?? 0;
}

/**
 * Parse pasted keys for real (the form only checked their shape) and return them in the one stored form,
 * Base64 DER. Problems are reported on the field, never with key material in the message.
 */
export function readKeys(input: { privateKey?: string; platformPublicKey: string }) {
  const fields: FieldErrors = {};
  let privateDer: string | null = null;
  let publicDer: string | null = null;
  let platformDer = "";
  if (input.privateKey) {
    try {
      const key = parsePrivateKey(input.privateKey);
      if (bits(key) < MIN_BITS) fields.privateKey = `The key has ${bits(key)} bits; Smilepayz needs RSA-2048 or more`;
      privateDer = privateKeyToBase64Der(key);
      publicDer = publicKeyToBase64Der(publicKeyOf(key));
    } catch {
      fields.privateKey = "This is not a readable PKCS#8 RSA private key";
    }
  }
  try {
    const key = parsePublicKey(input.platformPublicKey);
    if (bits(key) < MIN_BITS) fields.platformPublicKey = `The key has ${bits(key)} bits; expected RSA-2048 or more`;
    platformDer = publicKeyToBase64Der(key);
  } catch {
    fields.platformPublicKey = "This is not a readable RSA public key (SPKI, PEM or Base64)";
  }
  if (Object.keys(fields).length > 0) throw new AppError("invalid_input", "Some fields need attention.", fields);
  return { privateDer, publicDer, platformDer };
}
