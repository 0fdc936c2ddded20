import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { merchantAccounts, merchants, subMerchants } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/errors";
import { assertCallbackUrlAllowed } from "./callback-url-policy";
import { assertGatewayUrlAllowed } from "./gateway-url-policy";
import { getCredential, loadScopedMerchant } from "./list-credentials";
import { readKeys } from "./read-keys";
import { saveChildren } from "./save-children";
import type { updateCredentialSchema } from "./schemas";
import { merchantSecretAad, privateKeyAad } from "./secret-aad";

/**
 * Edit a credential. The merchant id is its identity (secrets are bound to it), so it cannot change: a new
 * merchant id is a new credential. Empty secret / private key fields keep what is stored.
 */
export async function updateCredential({ ctx, id, input }: { ctx: Ctx; id: number; input: z.output<typeof updateCredentialSchema> }) {
  assertGatewayUrlAllowed(input.environment, input.customBaseUrl);
  assertCallbackUrlAllowed(input.callbackBaseUrl);
  const keys = readKeys(input);
  await ctx.db.transaction(async (tx) => {
    const before = await loadScopedMerchant({ ...ctx, db: tx }, id, true);
    if (before.merchantId !== input.merchantId) {
      throw new AppError("invalid_input", "Some fields need attention.", { merchantId: "The merchant id cannot change; create a new credential" });
    }
    const [beforeAccounts, beforeSubs] = await Promise.all([
      tx.select().from(merchantAccounts).where(eq(merchantAccounts.merchantId, id)),
      tx.select().from(subMerchants).where(eq(subMerchants.merchantId, id)),
    ]);
    const [after] = await tx
      .update(merchants)
      .set({
        name: input.name,
        environment: input.environment,
        customBaseUrl: input.environment === "custom" ? input.customBaseUrl || null : null,
        callbackBaseUrl: input.callbackBaseUrl || null,
        platformPublicKey: keys.platformDer,
        ...(input.merchantSecret
          ? {
              merchantSecretEnc: encryptSecret(input.merchantSecret, merchantSecretAad(before.merchantId)),
              merchantSecretLast4: input.merchantSecret.slice(-4),
            }
          : {}),
        ...(keys.privateDer
          ? { privateKeyEnc: encryptSecret(keys.privateDer, privateKeyAad(before.merchantId)), publicKey: keys.publicDer }
          : {}),
        updatedAt: new Date(),
      })
      .where(eq(merchants.id, id))
      .returning();
    await saveChildren(tx, id, input.accounts, input.subMerchants);
    await writeAudit(tx, auditActor(ctx), {
      action: "credential.updated",
      targetType: "merchant",
      targetId: id,
      before: { ...before, accounts: beforeAccounts, subMerchants: beforeSubs },
      after: {
        ...after,
        accounts: input.accounts,
        subMerchants: input.subMerchants,
        secretChanged: Boolean(input.merchantSecret),
        keyPairReplaced: Boolean(keys.privateDer),
      },
    });
  });
  return getCredential({ ctx, id });
}
