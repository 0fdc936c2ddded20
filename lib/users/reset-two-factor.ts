import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { deleteRecoveryCodes } from "@/lib/auth/recovery-codes";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { loadUserForUpdate } from "./load-user";
import { userView } from "./user-view";

/** Lost phone: clear a user's two-factor; they enrol again at next sign-in (required roles are made to). */
export async function resetTwoFactor({ ctx, id }: { ctx: Ctx; id: number }) {
  return ctx.db.transaction(async (tx) => {
    const { row, merchantIds } = await loadUserForUpdate(tx, id);
    const [updated] = await tx
      .update(users)
      // A lost phone may mean a lost laptop too: the user's device cookies are revoked as well.
      .set({ totpEnabled: false, totpSecretEnc: null, deviceGeneration: sql`${users.deviceGeneration} + 1`, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    if (!updated) throw new AppError("not_found", "No such user.");
    await revokeUserSessions(tx, id, undefined, "two_factor_reset");
    // The old recovery codes belonged to the old enrolment.
    await deleteRecoveryCodes(tx, id);
    const after = userView(updated, merchantIds);
    await writeAudit(tx, auditActor(ctx), {
      action: "user.two_factor_reset",
      targetType: "user",
      targetId: id,
      before: userView(row, merchantIds),
      after,
    });
    return after;
  });
}
