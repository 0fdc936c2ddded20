import "server-only";
import type { z } from "zod";
import { merchants } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { isUniqueViolation } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { assertCallbackUrlAllowed } from "./callback-url-policy";
import { assertGatewayUrlAllowed } from "./gateway-url-policy";
import { getCredential } from "./list-credentials";
import { readKeys } from "./read-keys";
import { saveChildren } from "./save-children";
import { processingWindowColumn, type createCredentialSchema } from "./schemas";
import { merchantSecretAad, privateKeyAad } from "./secret-aad";

export async function createCredential({ ctx, input }: { ctx: Ctx; input: z.output<typeof createCredentialSchema> }) {
  assertGatewayUrlAllowed(input.environment, input.customBaseUrl);
  assertCallbackUrlAllowed(input.callbackBaseUrl);
  const keys = readKeys(input);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(merchants)
        .values({
          merchantId: input.merchantId,
          name: input.name,
          environment: input.environment,
          customBaseUrl: input.environment === "custom" ? input.customBaseUrl || null : null,
          callbackBaseUrl: input.callbackBaseUrl || null,
          processingWindowS: processingWindowColumn(input.processingWindowS),
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
    });
    return getCredential({ ctx, id });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", "A credential with this merchant id exists.", { merchantId: "A credential with this merchant id exists" });
    }
    throw e;
  }
}
