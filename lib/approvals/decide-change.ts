import "server-only";
import { and, eq } from "drizzle-orm";
import { pendingChanges } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { verifyTotpOnce } from "@/lib/auth/verify-totp-once";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { pgConstraint, pgErrorCode } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import type { PendingKind } from "@/lib/pending-changes/kinds";
import { pendingSecretAad } from "@/lib/pending-changes/request-change";
import { targetHash } from "@/lib/pending-changes/target-hash";
import { applyChange } from "./apply-change";

export const OWN_CHANGE_MESSAGE = "You asked for this change: another admin must approve it.";

async function lockPending(ctx: Ctx, id: number) {
  const row = (await ctx.db.select().from(pendingChanges).where(eq(pendingChanges.id, id)).for("update"))[0];
  if (!row) throw new AppError("not_found", "No such pending change.");
  if (row.status !== "pending") throw new AppError("conflict", `This change was already ${row.status}.`);
  return row;
}

/**
 * A second admin approves: never the requester (checked here and by the database), with their TOTP code (used
 * once), and only if the target is as it was when the change was requested. Applying checks again what the request
 * checked (two admins must remain, the merchant id is free). The change, its status and the audit row commit
 * together; a refusal leaves everything (the code too) as it was.
 */
export async function approveChange({ ctx, id, input }: { ctx: Ctx; id: number; input: { code: string } }) {
  try {
    return await ctx.db.transaction(async (tx) => {
      const t = { ...ctx, db: tx };
      const row = await lockPending(t, id);
      if (row.requestedBy === ctx.user.id) throw new AppError("forbidden", OWN_CHANGE_MESSAGE);
      if (!(await verifyTotpOnce(tx, ctx.user.id, input.code)).ok) {
        throw new AppError("invalid_input", "Some fields need attention.", { code: "That code is not valid, or was already used. Wait for the next one." });
      }
      if ((await targetHash(tx, row.kind as PendingKind, row.targetId, row.payload)) !== row.targetHash) {
        throw new AppError("conflict", "What this change applies to has changed since it was requested: reject it and ask again.");
      }
      const secret = row.secretEnc ? (JSON.parse(decryptSecret(row.secretEnc, pendingSecretAad(row.id))) as Record<string, string>) : {};
      // A change that creates a user or a credential points at it from now on.
      const targetId = (await applyChange(t, row, secret)) ?? row.targetId;
      await tx
        .update(pendingChanges)
        .set({ status: "approved", decidedBy: ctx.user.id, decidedAt: new Date(), secretEnc: null, targetId })
        .where(and(eq(pendingChanges.id, id), eq(pendingChanges.status, "pending")));
      await writeAudit(tx, auditActor(ctx), {
        action: "pending_change.approved",
        targetType: row.targetType,
        targetId,
        after: { pendingChangeId: id, kind: row.kind, summary: row.summary, requestedBy: row.requestedBy },
      });
      return { id, status: "approved" as const, summary: row.summary, targetId };
    });
  } catch (e) {
    if (pgErrorCode(e) === "23514" && pgConstraint(e) === "pending_changes_approver_not_requester") throw new AppError("forbidden", OWN_CHANGE_MESSAGE);
    throw e;
  }
}

/** Any admin rejects, the requester included (withdrawing it); the reason is kept and audited. Nothing changes. */
export async function rejectChange({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason: string } }) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockPending({ ...ctx, db: tx }, id);
    await tx
      .update(pendingChanges)
      .set({ status: "rejected", decidedBy: ctx.user.id, decidedAt: new Date(), reason: input.reason, secretEnc: null })
      .where(and(eq(pendingChanges.id, id), eq(pendingChanges.status, "pending")));
    await writeAudit(tx, auditActor(ctx), {
      action: row.requestedBy === ctx.user.id ? "pending_change.withdrawn" : "pending_change.rejected",
      targetType: row.targetType,
      targetId: row.targetId,
      after: { pendingChangeId: id, kind: row.kind, summary: row.summary, reason: input.reason },
    });
    return { id, status: "rejected" as const, summary: row.summary };
  });
}
