import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { userMerchants, users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isForeignKeyViolation } from "@/lib/db-errors";
import { MONEY_ROLES, roleChangeNeedsFourEyes, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import { requestChange } from "@/lib/pending-changes/request-change";
import { assertAdminsRemain, isActiveAdmin } from "./admin-quorum";
import { loadUserForUpdate } from "./load-user";
import type { updateUserSchema } from "./schemas";
import { userView, type UserView } from "./user-view";

export type UpdateUserParsed = z.output<typeof updateUserSchema>;
type Loaded = Awaited<ReturnType<typeof loadUserForUpdate>>;

/**
 * What in this update weakens a control: a money role granted, an admin's role changed (one decider fewer), the
 * reveal permission granted (whole account and tax numbers), a money role's merchants widened.
 */
function weakening({ row, merchantIds }: Loaded, input: UpdateUserParsed): string[] {
  const out: string[] = [];
  const role = input.role ?? row.role;
  if (input.role && roleChangeNeedsFourEyes(row.role, input.role)) out.push(`role ${ROLE_LABELS[row.role]} → ${ROLE_LABELS[input.role]}`);
  if (input.canReveal === true && !row.canReveal) out.push("may reveal masked account, wallet and tax numbers");
  if (MONEY_ROLES.includes(role) && !row.allMerchants) {
    if (input.allMerchants === true) out.push("merchants → all merchants");
    else if (input.merchantIds?.some((id) => !merchantIds.includes(id))) out.push(`merchants ${merchantIds.length} → ${input.merchantIds.length} (adds some)`);
  }
  return out;
}

const demotesActiveAdmin = (row: Loaded["row"], input: UpdateUserParsed) => isActiveAdmin(row) && input.role !== undefined && input.role !== "admin";

/**
 * Change a user's name, role, merchant access or reveal permission. What `weakening` lists waits for another admin
 * (the whole update, as one pending change); anything else applies at once. Demoting an admin when that would leave
 * fewer than two active admins is refused, now and again when approved. A new role ends the user's sessions.
 * `merchantIds` replaces the list and turns all-merchants off; `allMerchants: true` clears the list.
 */
export async function updateUser({ ctx, input, id }: { ctx: Ctx; input: UpdateUserParsed; id: number }): Promise<UserView & { pendingChange: PendingChangeRef | null }> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const t = { ...ctx, db: tx };
      const loaded = await loadUserForUpdate(tx, id);
      // Refused now, not only when approved: demoting one of the last two admins (checked again when it applies).
      if (demotesActiveAdmin(loaded.row, input)) await assertAdminsRemain(tx, id);
      const weak = weakening(loaded, input);
      if (weak.length === 0) return { ...(await applyUpdateUser(t, id, input, loaded)), pendingChange: null };
      const pendingChange = await requestChange(tx, t, {
        kind: "user_update",
        targetType: "user",
        targetId: id,
        summary: `${loaded.row.email}: ${weak.join("; ")}`,
        payload: { email: loaded.row.email, ...input },
      });
      return { ...userView(loaded.row, loaded.merchantIds), pendingChange };
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError("invalid_input", "Some fields need attention.", { merchantIds: "Unknown merchant" });
    throw err;
  }
}

/** The update itself, with its audit row, in the caller's transaction (now, or when approved). */
export async function applyUpdateUser(ctx: Ctx, id: number, input: UpdateUserParsed, loaded?: Loaded): Promise<UserView> {
  const tx = ctx.db;
  const { row, merchantIds } = loaded ?? (await loadUserForUpdate(tx, id));
  const before = userView(row, merchantIds);
  if (demotesActiveAdmin(row, input)) await assertAdminsRemain(tx, id);
  const allMerchants = input.allMerchants === true ? true : input.merchantIds ? false : (input.allMerchants ?? row.allMerchants);
  const [updated] = await tx
    .update(users)
    .set({ name: input.name ?? row.name, role: input.role ?? row.role, allMerchants, canReveal: input.canReveal ?? row.canReveal, updatedAt: new Date() })
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
  if (updated.role !== row.role) await revokeUserSessions(tx, id, undefined, "role_changed");
  const after = userView(updated, scope);
  await writeAudit(tx, auditActor(ctx), { action: "user.updated", targetType: "user", targetId: id, before, after });
  return after;
}
