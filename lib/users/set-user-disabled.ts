import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { disableNeedsFourEyes, enableNeedsFourEyes, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import { requestChange } from "@/lib/pending-changes/request-change";
import { assertAdminsRemain, isActiveAdmin } from "./admin-quorum";
import { loadUserForUpdate } from "./load-user";
import { userView, type UserView } from "./user-view";

type Loaded = Awaited<ReturnType<typeof loadUserForUpdate>>;

/**
 * Disable (every session and device cookie ends in the same transaction) or enable a user. Disabling an enabled
 * admin takes a decider away, enabling a disabled money role gives its power back: both wait for another admin.
 * Disabling an admin when that would leave fewer than two active admins is refused, now and when approved.
 */
export async function setUserDisabled({ ctx, id, disabled }: { ctx: Ctx; id: number; disabled: boolean }): Promise<UserView & { pendingChange: PendingChangeRef | null }> {
  if (disabled && id === ctx.user.id) throw new AppError("conflict", "You cannot disable your own account.");
  return ctx.db.transaction(async (tx) => {
    const t = { ...ctx, db: tx };
    const loaded = await loadUserForUpdate(tx, id);
    const { row, merchantIds } = loaded;
    const waits = disabled ? isActiveAdmin(row) && disableNeedsFourEyes(row.role) : row.disabledAt !== null && enableNeedsFourEyes(row.role);
    if (!waits) return { ...(await applySetUserDisabled(t, id, disabled, loaded)), pendingChange: null };
    if (disabled) await assertAdminsRemain(tx, id);
    const pendingChange = await requestChange(tx, t, {
      kind: disabled ? "user_disable" : "user_enable",
      targetType: "user",
      targetId: id,
      summary: `${row.email}: ${disabled ? "disable" : "enable again"} (${ROLE_LABELS[row.role]})`,
      payload: { email: row.email, role: row.role, disabled },
    });
    return { ...userView(row, merchantIds), pendingChange };
  });
}

/** The change itself, with its audit row, in the caller's transaction (now, or when approved: checked again). */
export async function applySetUserDisabled(ctx: Ctx, id: number, disabled: boolean, loaded?: Loaded): Promise<UserView> {
  const tx = ctx.db;
  const { row, merchantIds } = loaded ?? (await loadUserForUpdate(tx, id));
  if (disabled && isActiveAdmin(row)) await assertAdminsRemain(tx, id);
  const [updated] = await tx
    .update(users)
    // Disabling also revokes the user's device cookies (lib/auth/device-token.ts).
    .set({
      disabledAt: disabled ? (row.disabledAt ?? new Date()) : null,
      updatedAt: new Date(),
      ...(disabled ? { deviceGeneration: sql`${users.deviceGeneration} + 1` } : {}),
    })
    .where(eq(users.id, id))
    .returning();
  if (!updated) throw new AppError("not_found", "No such user.");
  if (disabled) await revokeUserSessions(tx, id, undefined, "disabled");
  const after = userView(updated, merchantIds);
  await writeAudit(tx, auditActor(ctx), {
    action: disabled ? "user.disabled" : "user.enabled",
    targetType: "user",
    targetId: id,
    before: userView(row, merchantIds),
    after,
  });
  return after;
}
