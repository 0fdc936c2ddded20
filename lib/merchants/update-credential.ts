import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { merchantAccounts, merchants, subMerchants } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/errors";
import type { PendingChangeRef } from "@/lib/pending-changes/kinds";
import { requestChange } from "@/lib/pending-changes/request-change";
import { assertCallbackUrlAllowed } from "./callback-url-policy";
import { assertGatewayUrlAllowed } from "./gateway-url-policy";
import { getCredential, loadScopedMerchant } from "./list-credentials";
import { readKeys } from "./read-keys";
import { saveChildren } from "./save-children";
import { credentialColumns, type updateCredentialSchema } from "./schemas";
import { merchantSecretAad, privateKeyAad } from "./secret-aad";

export type UpdateCredentialParsed = z.output<typeof updateCredentialSchema>;

/** What in this edit would let money or callbacks go elsewhere, or change who may sign: needs a second admin. */
function weakening(before: typeof merchants.$inferSelect, input: UpdateCredentialParsed, keys: ReturnType<typeof readKeys>): string[] {
  const out: string[] = [];
  const after = credentialColumns(input);
  if (before.environment !== input.environment || (before.customBaseUrl ?? null) !== after.customBaseUrl) out.push("gateway base URL or environment");
  if ((before.callbackBaseUrl ?? null) !== after.callbackBaseUrl) out.push("callback base URL");
  if (input.merchantSecret) out.push("merchant secret");
  if (keys.privateDer) out.push("merchant private key");
  if (keys.platformDer !== before.platformPublicKey) out.push("platform public key");
  return out;
}

/**
 * Edit a credential. The merchant id is its identity (secrets are bound to it), so it cannot change: a new
 * merchant id is a new credential. Empty secret / private key fields keep what is stored. Keys, base URL and
 * callback URL change only when another admin approves (the whole edit waits, its secrets encrypted); names,
 * balance accounts and sub-merchants apply at once.
 */
export async function updateCredential({ ctx, id, input }: { ctx: Ctx; id: number; input: UpdateCredentialParsed }) {
  assertGatewayUrlAllowed(input.environment, input.customBaseUrl);
  assertCallbackUrlAllowed(input.callbackBaseUrl);
  const keys = readKeys(input);
  const pendingChange = await ctx.db.transaction(async (tx): Promise<PendingChangeRef | null> => {
    const t = { ...ctx, db: tx };
    const before = await loadScopedMerchant(t, id, true);
    if (before.merchantId !== input.merchantId) {
      throw new AppError("invalid_input", "Some fields need attention.", { merchantId: "The merchant id cannot change; create a new credential" });
    }
    const weak = weakening(before, input, keys);
    if (weak.length === 0) {
      await applyUpdateCredential(t, id, input);
      return null;
    }
    const { merchantSecret, privateKey, ...visible } = input;
    const secret: Record<string, string> = {};
    if (merchantSecret) secret.merchantSecret = merchantSecret;
    if (privateKey) secret.privateKey = privateKey;
    return requestChange(tx, t, {
      kind: "credential_update",
      targetType: "merchant",
      targetId: id,
      summary: `${before.name} (${before.merchantId}): ${weak.join(", ")}`,
      payload: { ...visible, changes: weak, merchantSecretChanged: Boolean(merchantSecret), privateKeyChanged: Boolean(privateKey) },
      secret,
    });
  });
  return { ...(await getCredential({ ctx, id })), pendingChange };
}

/** The edit itself, with its audit row, in the caller's transaction (now, or when approved: checked again). */
export async function applyUpdateCredential(ctx: Ctx, id: number, input: UpdateCredentialParsed): Promise<void> {
  assertGatewayUrlAllowed(input.environment, input.customBaseUrl);
  const keys = readKeys(input);
  const tx = ctx.db;
  const before = await loadScopedMerchant(ctx, id, true);
  const [beforeAccounts, beforeSubs] = await Promise.all([
    tx.select().from(merchantAccounts).where(eq(merchantAccounts.merchantId, id)),
    tx.select().from(subMerchants).where(eq(subMerchants.merchantId, id)),
  ]);
  const [after] = await tx
    .update(merchants)
    .set({
      ...credentialColumns(input),
      platformPublicKey: keys.platformDer,
      ...(input.merchantSecret
        ? {
            merchantSecretEnc: encryptSecret(input.merchantSecret, merchantSecretAad(before.merchantId)),
            merchantSecretLast4: input.merchantSecret.slice(-4),
          }
        : {}),
      ...(keys.privateDer ? { privateKeyEnc: encryptSecret(keys.privateDer, privateKeyAad(before.merchantId)), publicKey: keys.publicDer } : {}),
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
}
