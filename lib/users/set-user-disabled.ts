import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { assertAnotherAdmin } from "./last-admin";
import { loadUserForUpdate } from "./load-user";
import { userView } from "./user-view";

/** Disable (every session and device cookie ends in the same transaction) or enable a user. */
export async function setUserDisabled({ ctx, id, disabled }: { ctx: Ctx; id: number; disabled: boolean }) {
  if (disabled && id === ctx.user.id) throw new AppError("conflict", "You cannot disable your own account.");
  return ctx.db.transaction(async (tx) => {
    const { row, merchantIds } = await loadUserForUpdate(tx, id);
    if (disabled && row.role === "admin") await assertAnotherAdmin(tx, id);
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
    if (disabled) await revokeUserSessions(tx, id);
    const after = userView(updated, merchantIds);
    await writeAudit(tx, auditActor(ctx), {
      action: disabled ? "user.disabled" : "user.enabled",
      targetType: "user",
      targetId: id,
      before: userView(row, merchantIds),
      after,
    });
    return after;
  });
}
