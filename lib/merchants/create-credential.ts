import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { merchants } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { isUniqueViolation } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import type { PendingChangeRef } from "@/lib/pending-changes/kinds";
import { requestChange } from "@/lib/pending-changes/request-change";
import { ENVIRONMENT_LABELS } from "@/lib/smilepayz/hosts";
import { assertCallbackUrlAllowed } from "./callback-url-policy";
import { assertGatewayUrlAllowed } from "./gateway-url-policy";
import { readKeys } from "./read-keys";
import { assertChildrenValid, saveChildren } from "./save-children";
import { credentialColumns, type createCredentialSchema } from "./schemas";
import { merchantSecretAad, privateKeyAad } from "./secret-aad";

export type CreateCredentialParsed = z.output<typeof createCredentialSchema>;

const taken = () => new AppError("conflict", "A credential with this merchant id exists.", { merchantId: "A credential with this merchant id exists" });

/**
 * A new credential is a new way for money to leave (its gateway, its keys, its callback URL): it waits for another
 * admin, like a change of those on an existing one. Everything the approval would refuse is refused now (URL
 * policies, keys, a merchant id in use); the secret and a pasted private key wait encrypted in the request. The
 * credential does not exist until approved; its first key pair is then generated on it (lib/merchants/generate-key-pair.ts).
 */
export async function createCredential({ ctx, input }: { ctx: Ctx; input: CreateCredentialParsed }): Promise<{ credential: null; pendingChange: PendingChangeRef }> {
  assertGatewayUrlAllowed(input.environment, input.customBaseUrl);
  assertCallbackUrlAllowed(input.callbackBaseUrl);
  readKeys(input);
  assertChildrenValid(input.accounts, input.subMerchants);
  const pendingChange = await ctx.db.transaction(async (tx) => {
    if ((await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.merchantId, input.merchantId))).length > 0) throw taken();
    const { merchantSecret, privateKey, ...visible } = input;
    const where = input.environment === "custom" ? ` at ${input.customBaseUrl}` : "";
    return requestChange(tx, { ...ctx, db: tx }, {
      kind: "credential_create",
      targetType: "merchant",
      targetId: null,
      summary: `Add credential ${input.name} (${input.merchantId}), ${ENVIRONMENT_LABELS[input.environment]}${where}`,
      payload: { ...visible, privateKeyGiven: Boolean(privateKey) },
      secret: { merchantSecret, ...(privateKey ? { privateKey } : {}) },
    });
  });
  return { credential: null, pendingChange };
}

/** Insert the credential, its accounts and sub-merchants and the audit row in the caller's transaction (when approved). */
export async function applyCreateCredential(ctx: Ctx, input: CreateCredentialParsed): Promise<number> {
  assertGatewayUrlAllowed(input.environment, input.customBaseUrl);
  assertCallbackUrlAllowed(input.callbackBaseUrl);
  const keys = readKeys(input);
  const tx = ctx.db;
  try {
    const [row] = await tx
      .insert(merchants)
      .values({
        merchantId: input.merchantId,
        ...credentialColumns(input),
        merchantSecretEnc: encryptSecret(input.merchantSecret, merchantSecretAad(input.merchantId)),
        merchantSecretLast4: input.merchantSecret.slice(-4),
        privateKeyEnc: keys.privateDer ? encryptSecret(keys.privateDer, privateKeyAad(input.merchantId)) : null,
        publicKey: keys.publicDer,
        platformPublicKey: keys.platformDer,
      })
      .returning();
    if (!row) throw new AppError("internal", "Credential not created");
    await saveChildren(tx, row.id, input.accounts, input.subMerchants);
    await writeAudit(tx, auditActor(ctx), {
      action: "credential.created",
      targetType: "merchant",
      targetId: row.id,
      after: { ...row, accounts: input.accounts, subMerchants: input.subMerchants },
    });
    return row.id;
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}
