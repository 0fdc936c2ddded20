import "server-only";
import { createHash } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { apiKeys, approvalThresholds, merchants, userMerchants, users } from "@/db/schema";
import type { PendingKind } from "./kinds";

const sha = (v: unknown) => createHash("sha256").update(JSON.stringify(v), "utf8").digest("hex");

/**
 * The state a pending change was requested against, as a hash; the target row is locked (FOR UPDATE) so it cannot
 * move between this check and the apply that follows in the same transaction. Approval recomputes it and refuses
 * a change whose target has changed since (someone else's edit, an earlier approved change).
 */
export async function targetHash(tx: DbOrTx, kind: PendingKind, targetId: number | null, payload: unknown): Promise<string> {
  if (kind === "user_create") {
    const email = String((payload as { email?: unknown }).email ?? "").toLowerCase();
    const taken = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email));
    return sha(["user_create", email, taken.length > 0]);
  }
  if (kind === "credential_create") {
    const merchantId = String((payload as { merchantId?: unknown }).merchantId ?? "");
    const taken = await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.merchantId, merchantId));
    return sha(["credential_create", merchantId, taken.length > 0]);
  }
  const id = targetId ?? -1;
  if (kind === "api_key_activate") {
    // Revoked, rolled or otherwise changed since the request: the approval is refused.
    const [k] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    return sha(["api_key", k ? [k.status, k.secretHash, k.scopes] : null]);
  }
  if (kind === "user_update" || kind === "user_disable" || kind === "user_enable") {
    const [u] = await tx.select().from(users).where(eq(users.id, id)).for("update");
    const scope = await tx.select({ m: userMerchants.merchantId }).from(userMerchants).where(eq(userMerchants.userId, id)).orderBy(asc(userMerchants.merchantId));
    return sha(["user", u ? [u.role, u.allMerchants, u.disabledAt !== null, u.name] : null, scope.map((s) => s.m)]);
  }
  const [m] = await tx.select().from(merchants).where(eq(merchants.id, id)).for("update");
  if (kind === "approval_thresholds") {
    const rows = await tx
      .select({ c: approvalThresholds.currency, min: approvalThresholds.minAmountMinor })
      .from(approvalThresholds)
      .where(eq(approvalThresholds.merchantId, id))
      .orderBy(asc(approvalThresholds.currency));
    return sha(["thresholds", m ? m.id : null, rows.map((r) => [r.c, r.min.toString()])]);
  }
  // A credential: any edit since (keys, URLs, accounts, name) moves updatedAt.
  return sha(["credential", m ? [m.updatedAt.toISOString(), m.environment, m.customBaseUrl, m.callbackBaseUrl, m.publicKey, m.platformPublicKey, m.enabled] : null]);
}
