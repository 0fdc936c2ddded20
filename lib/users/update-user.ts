import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { userMerchants, users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { isForeignKeyViolation } from "@/lib/db-errors";
import { assertAnotherAdmin } from "./last-admin";
import { loadUserForUpdate } from "./load-user";
import type { updateUserSchema } from "./schemas";
import { userView } from "./user-view";

/**
 * Change a user's name, role or merchant access. Demoting the last admin is refused. A new role ends the user's
 * sessions (they sign in again with the new role's access). `merchantIds` replaces the list and turns
 * all-merchants off; `allMerchants: true` clears the list.
 */
export async function updateUser({ ctx, input, id }: { ctx: Ctx; input: z.output<typeof updateUserSchema>; id: number }) {
  try {
    return await ctx.db.transaction(async (tx) => {
      const { row, merchantIds } = await loadUserForUpdate(tx, id);
      const before = userView(row, merchantIds);
      if (input.role && input.role !== "admin" && row.role === "admin") await assertAnotherAdmin(tx, id);
      const allMerchants = input.allMerchants === true ? true : input.merchantIds ? false : (input.allMerchants ?? row.allMerchants);
      const [updated] = await tx
        .update(users)
        .set({ name: input.name ?? row.name, role: input.role ?? row.role, allMerchants, updatedAt: new Date() })
        .where(eq(users.id, id))
        .returning();
      if (!updated) throw new AppError("not_found", "No such user.");
      let scope = merchantIds;
      if (input.merchantIds || allMerchants) {
        const list = allMerchants ? [] : (input.merchantIds ?? []);
        await tx.delete(userMerchants).where(eq(userMerchants.userId, id));
        if (list.length > 0) await tx.insert(userMerchants).values(list.map((merchantId) => ({ userId: id, merchantId })));
        scope = list;
      }
      if (updated.role !== row.role) await revokeUserSessions(tx, id);
      const after = userView(updated, scope);
      await writeAudit(tx, auditActor(ctx), { action: "user.updated", targetType: "user", targetId: id, before, after });
      return after;
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError("invalid_input", "Some fields need attention.", { merchantIds: "Unknown merchant" });
    throw err;
  }
}
