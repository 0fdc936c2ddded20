import "server-only";
import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { merchants } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { privateKeyToBase64Der, publicKeyToBase64Der } from "@/lib/smilepayz/keys";
import { keyFingerprint } from "./credential-view";
import { loadScopedMerchant } from "./list-credentials";
import { privateKeyAad } from "./secret-aad";

/**
 * A new RSA-2048 pair made in the app: the private key is stored encrypted and never shown; the public key is
 * returned in the form the Smilepayz merchant backend takes (Base64 DER SPKI, one line, no PEM lines).
 */
export async function generateKeyPair({ ctx, id }: { ctx: Ctx; id: number }) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicDer = publicKeyToBase64Der(publicKey);
  await ctx.db.transaction(async (tx) => {
    const before = await loadScopedMerchant({ ...ctx, db: tx }, id, true);
    await tx
      .update(merchants)
      .set({
        privateKeyEnc: encryptSecret(privateKeyToBase64Der(privateKey), privateKeyAad(before.merchantId)),
        publicKey: publicDer,
        updatedAt: new Date(),
      })
      .where(eq(merchants.id, id));
    await writeAudit(tx, auditActor(ctx), {
      action: "credential.key_pair_generated",
      targetType: "merchant",
      targetId: id,
      before: { publicKeyFingerprint: keyFingerprint(before.publicKey) },
      after: { publicKeyFingerprint: keyFingerprint(publicDer) },
    });
  });
  return { publicKey: publicDer, fingerprint: keyFingerprint(publicDer) };
}
