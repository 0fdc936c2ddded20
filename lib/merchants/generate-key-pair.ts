import "server-only";
import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { merchants } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { PendingChangeRef } from "@/lib/pending-changes/kinds";
import { requestChange } from "@/lib/pending-changes/request-change";
import { privateKeyToBase64Der, publicKeyToBase64Der } from "@/lib/smilepayz/keys";
import { keyFingerprint } from "./credential-view";
import { loadScopedMerchant } from "./list-credentials";
import { privateKeyAad } from "./secret-aad";

/**
 * A new RSA-2048 pair made in the app: the private key is stored encrypted and never shown; the public key is
 * returned in the form the Smilepayz merchant backend takes (Base64 DER SPKI, one line, no PEM lines). The first
 * key of a credential applies at once (set-up); replacing a key waits for another admin (its private key
 * encrypted in the request).
 */
export async function generateKeyPair({ ctx, id }: { ctx: Ctx; id: number }): Promise<{ publicKey: string; fingerprint: string | null; pendingChange: PendingChangeRef | null }> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicDer = publicKeyToBase64Der(publicKey);
  const privateDer = privateKeyToBase64Der(privateKey);
  const pendingChange = await ctx.db.transaction(async (tx) => {
    const t = { ...ctx, db: tx };
    const before = await loadScopedMerchant(t, id, true);
    if (!before.privateKeyEnc) {
      await applyKeyPair(t, id, { privateDer, publicDer });
      return null;
    }
    return requestChange(tx, t, {
      kind: "credential_key_pair",
      targetType: "merchant",
      targetId: id,
      summary: `${before.name} (${before.merchantId}): replace the key pair (new public key ${keyFingerprint(publicDer)})`,
      payload: { credentialId: id, publicKey: publicDer, fingerprint: keyFingerprint(publicDer), previousFingerprint: before.publicKey ? keyFingerprint(before.publicKey) : null },
      secret: { privateDer },
    });
  });
  return { publicKey: publicDer, fingerprint: keyFingerprint(publicDer), pendingChange };
}

/** Store a key pair, with its audit row, in the caller's transaction (now, or when approved). */
export async function applyKeyPair(ctx: Ctx, id: number, k: { privateDer: string; publicDer: string }): Promise<void> {
  const before = await loadScopedMerchant(ctx, id, true);
  await ctx.db
    .update(merchants)
    .set({ privateKeyEnc: encryptSecret(k.privateDer, privateKeyAad(before.merchantId)), publicKey: k.publicDer, updatedAt: new Date() })
    .where(eq(merchants.id, id));
  await writeAudit(ctx.db, auditActor(ctx), {
    action: "credential.key_pair_generated",
    targetType: "merchant",
    targetId: id,
    before: { publicKeyFingerprint: keyFingerprint(before.publicKey) },
    after: { publicKeyFingerprint: keyFingerprint(k.publicDer) },
  });
}
