import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { commonPasswordProblem } from "@/lib/auth/common-passwords";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { changePasswordSchema } from "@/lib/auth/schemas";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import type { z } from "zod";

/** Change one's own password (also the forced change after a one-time password). Other sessions and device cookies end. */
export async function changePassword({ ctx, input }: { ctx: Ctx; input: z.output<typeof changePasswordSchema> }) {
  const row = (await ctx.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, ctx.user.id)))[0];
  if (!row || !(await verifyPassword(row.hash, input.currentPassword))) {
    throw new AppError("invalid_input", "Some fields need attention.", { currentPassword: "The current password is wrong" });
  }
  // The schema refused the common ones already; only here is the account's own e-mail known (its local part).
  const problem = commonPasswordProblem(input.newPassword, ctx.user.email);
  if (problem?.includes("e-mail")) throw new AppError("invalid_input", "Some fields need attention.", { newPassword: problem });
  const hash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      // A new password revokes every device cookie of the user (this browser is known again at its next sign-in).
      .set({ passwordHash: hash, mustChangePassword: false, deviceGeneration: sql`${users.deviceGeneration} + 1`, updatedAt: new Date() })
      .where(eq(users.id, ctx.user.id));
    await revokeUserSessions(tx, ctx.user.id, ctx.user.sessionId, "password_changed");
    await writeAudit(tx, auditActor(ctx), {
      action: "user.password_changed",
      targetType: "user",
      targetId: ctx.user.id,
      before: { mustChangePassword: ctx.user.mustChangePassword },
      after: { mustChangePassword: false },
    });
  });
  return { ok: true };
}
