import "server-only";
import { createHash } from "node:crypto";
import type { merchantAccounts, merchants, subMerchants } from "@/db/schema";
import { baseUrlFor } from "@/lib/smilepayz/hosts";
import { isBundledSandbox } from "./bundled-sandbox";

/** SHA-256 fingerprint of a Base64 DER key, as an admin compares it with the merchant backend. */
export function keyFingerprint(b64: string | null): string | null {
  if (!b64) return null;
  const hex = createHash("sha256").update(Buffer.from(b64, "base64")).digest("hex");
  return hex.slice(0, 32).match(/../g)?.join(":") ?? null;
}

/**
 * What any API or page may show of a credential: no secret, no private key, no ciphertext. The secret is only
 * its last four characters; the private key only whether it is set and the fingerprint of its public half.
 */
export function credentialView(
  m: typeof merchants.$inferSelect,
  accounts: (typeof merchantAccounts.$inferSelect)[],
  subs: (typeof subMerchants.$inferSelect)[],
) {
  return {
    id: m.id,
    merchantId: m.merchantId,
    name: m.name,
    payerDisplayName: m.payerDisplayName,
    environment: m.environment,
    customBaseUrl: m.customBaseUrl,
    bundledSandbox: isBundledSandbox(m),
    baseUrl: baseUrlFor(m.environment, m.customBaseUrl),
    callbackBaseUrl: m.callbackBaseUrl,
    processingWindowS: m.processingWindowS,
    merchantSecretMasked: `••••${m.merchantSecretLast4}`,
    hasPrivateKey: m.privateKeyEnc !== null,
    publicKey: m.publicKey,
    publicKeyFingerprint: keyFingerprint(m.publicKey),
    platformPublicKey: m.platformPublicKey,
    platformKeyFingerprint: keyFingerprint(m.platformPublicKey),
    enabled: m.enabled,
    accounts: accounts.map((a) => ({ currency: a.currency, kind: a.kind, accountNo: a.accountNo })),
    subMerchants: subs.map((s) => ({ subMerchantId: s.subMerchantId, name: s.name })),
    updatedAt: m.updatedAt,
  };
}
export type CredentialView = ReturnType<typeof credentialView>;
