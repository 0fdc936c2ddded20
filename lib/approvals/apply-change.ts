import "server-only";
import type { pendingChanges } from "@/db/schema";
import { applyActivateApiKey } from "@/lib/api-keys";
import type { Ctx } from "@/lib/context";
import { applyApprovalThresholds } from "@/lib/merchants/approval-thresholds";
import { applyCreateCredential } from "@/lib/merchants/create-credential";
import { applyKeyPair } from "@/lib/merchants/generate-key-pair";
import { createCredentialSchema, updateCredentialSchema } from "@/lib/merchants/schemas";
import { applyUpdateCredential } from "@/lib/merchants/update-credential";
import { applyCreateUser } from "@/lib/users/create-user";
import { createUserSchema, updateUserSchema } from "@/lib/users/schemas";
import { applySetUserDisabled } from "@/lib/users/set-user-disabled";
import { applyUpdateUser } from "@/lib/users/update-user";

type Row = typeof pendingChanges.$inferSelect;

/**
 * Apply an approved change with the approver's context, in the approval's transaction, through the same functions
 * the at-once path uses. The stored payload is parsed again with the input's own schema (no second copy of the
 * rules); secrets come from the decrypted `secret_enc`. A change that creates something returns its new id.
 */
export async function applyChange(ctx: Ctx, row: Row, secret: Record<string, string>): Promise<number | null> {
  const p = row.payload as Record<string, unknown>;
  const id = row.targetId ?? -1;
  switch (row.kind) {
    case "approval_thresholds": {
      const changes = (p.changes as { currency: string; minAmountMinor: string | null }[]).map((c) => ({
        currency: c.currency,
        minAmountMinor: c.minAmountMinor === null ? null : BigInt(c.minAmountMinor),
      }));
      await applyApprovalThresholds(ctx, id, changes);
      return null;
    }
    case "user_create":
      return (await applyCreateUser(ctx, createUserSchema.parse(p), need(secret.passwordHash))).id;
    case "user_update": {
      const { email: _email, ...input } = p;
      await applyUpdateUser(ctx, id, updateUserSchema.parse(input));
      return null;
    }
    case "user_disable":
    case "user_enable":
      await applySetUserDisabled(ctx, id, row.kind === "user_disable");
      return null;
    case "credential_create": {
      const { privateKeyGiven: _k, ...input } = p;
      return applyCreateCredential(ctx, createCredentialSchema.parse({ ...input, merchantSecret: need(secret.merchantSecret), privateKey: secret.privateKey ?? "" }));
    }
    case "credential_update": {
      const { changes: _c, merchantSecretChanged: _s, privateKeyChanged: _k, ...input } = p;
      const parsed = updateCredentialSchema.parse({ ...input, merchantSecret: secret.merchantSecret ?? "", privateKey: secret.privateKey ?? "" });
      await applyUpdateCredential(ctx, id, parsed);
      return null;
    }
    case "credential_key_pair":
      await applyKeyPair(ctx, id, { privateDer: need(secret.privateDer), publicDer: String(p.publicKey) });
      return null;
    case "api_key_activate":
      await applyActivateApiKey(ctx, id);
      return null;
    default:
      throw new Error(`unknown pending change kind ${row.kind}`);
  }
}

function need(v: string | undefined): string {
  if (!v) throw new Error("the pending change's secret is missing");
  return v;
}
