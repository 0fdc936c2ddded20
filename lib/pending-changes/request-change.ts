import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { pendingChanges } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { FOUR_EYES_SENTENCE, type PendingChangeRef, type PendingKind } from "./kinds";
import { targetHash } from "./target-hash";

export const pendingSecretAad = (id: number) => `pending_changes:${id}:secret_enc`;

/**
 * Store a change that waits for a second admin, in the caller's transaction, with its audit row (every admin sees
 * it in the pending-changes list and its count in the navigation). Secret material goes only into `secret_enc`.
 */
export async function requestChange(
  tx: DbOrTx,
  ctx: Ctx,
  c: { kind: PendingKind; targetType: string; targetId: number | null; summary: string; payload: Record<string, unknown>; secret?: Record<string, string> },
): Promise<PendingChangeRef> {
  const hash = await targetHash(tx, c.kind, c.targetId, c.payload);
  const [row] = await tx
    .insert(pendingChanges)
    .values({ kind: c.kind, targetType: c.targetType, targetId: c.targetId, summary: c.summary, payload: c.payload, targetHash: hash, requestedBy: ctx.user.id })
    .returning({ id: pendingChanges.id });
  if (!row) throw new Error("pending change not stored");
  if (c.secret && Object.keys(c.secret).length > 0) {
    await tx
      .update(pendingChanges)
      .set({ secretEnc: encryptSecret(JSON.stringify(c.secret), pendingSecretAad(row.id)) })
      .where(eq(pendingChanges.id, row.id));
  }
  await writeAudit(tx, auditActor(ctx), {
    action: "pending_change.requested",
    targetType: c.targetType,
    targetId: c.targetId ?? null,
    after: { pendingChangeId: row.id, kind: c.kind, summary: c.summary, ...c.payload },
  });
  return { id: row.id, kind: c.kind, summary: c.summary, message: `Requested: ${c.summary}. ${FOUR_EYES_SENTENCE}` };
}
