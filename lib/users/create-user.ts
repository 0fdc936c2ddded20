import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { merchants, userMerchants, users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { hashPassword } from "@/lib/auth/password";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db-errors";
import { MONEY_ROLES, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import { requestChange } from "@/lib/pending-changes/request-change";
import { oneTimePassword } from "./one-time-password";
import type { createUserSchema } from "./schemas";
import { userView, type UserView } from "./user-view";

export type CreateUserInputParsed = z.output<typeof createUserSchema>;

/**
 * A new user with a one-time password, shown once to the admin and to be changed at first sign-in. A money role
 * (finance, approver, admin) is a pending change: the account exists only once another admin approves; the
 * one-time password is still shown now (its hash waits, encrypted, with the request).
 */
export async function createUser({ ctx, input }: { ctx: Ctx; input: CreateUserInputParsed }): Promise<{ user: UserView | null; oneTimePassword: string; pendingChange: PendingChangeRef | null }> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  try {
    return await ctx.db.transaction(async (tx) => {
      if (!MONEY_ROLES.includes(input.role)) {
        return { user: await applyCreateUser({ ...ctx, db: tx }, input, passwordHash), oneTimePassword: password, pendingChange: null };
      }
      // Refused now what would be refused at approval: an e-mail in use, a merchant that does not exist.
      const taken = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, input.email.toLowerCase()));
      if (taken.length > 0) throw emailTaken();
      if (!input.allMerchants && input.merchantIds.length > 0) {
        const found = await tx.select({ id: merchants.id }).from(merchants).where(inArray(merchants.id, input.merchantIds));
        if (found.length !== input.merchantIds.length) throw unknownMerchant();
      }
      const scope = input.allMerchants ? "all merchants" : `${input.merchantIds.length} merchant(s)`;
      const pendingChange = await requestChange(tx, ctx, {
        kind: "user_create",
        targetType: "user",
        targetId: null,
        summary: `Add ${input.email} (${input.name}) as ${ROLE_LABELS[input.role]} with ${scope}`,
        payload: { email: input.email, name: input.name, role: input.role, allMerchants: input.allMerchants, merchantIds: input.merchantIds },
        secret: { passwordHash },
      });
      return { user: null, oneTimePassword: password, pendingChange };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    if (isForeignKeyViolation(err)) throw unknownMerchant();
    throw err;
  }
}

const emailTaken = () => new AppError("conflict", "A user with this e-mail exists.", { email: "A user with this e-mail exists" });
const unknownMerchant = () => new AppError("invalid_input", "Some fields need attention.", { merchantIds: "Unknown merchant" });

/** Insert the user, its merchants and the audit row in the caller's transaction (now, or when approved). */
export async function applyCreateUser(ctx: Ctx, input: Omit<CreateUserInputParsed, "role"> & { role: CreateUserInputParsed["role"] }, passwordHash: string): Promise<UserView> {
  const tx = ctx.db;
  const [row] = await tx
    .insert(users)
    .values({ email: input.email, name: input.name, role: input.role, allMerchants: input.allMerchants, passwordHash, mustChangePassword: true })
    .returning();
  if (!row) throw new AppError("internal", "User not created");
  if (!input.allMerchants && input.merchantIds.length > 0) {
    await tx.insert(userMerchants).values(input.merchantIds.map((merchantId) => ({ userId: row.id, merchantId })));
  }
  const view = userView(row, input.allMerchants ? [] : input.merchantIds);
  await writeAudit(tx, auditActor(ctx), { action: "user.created", targetType: "user", targetId: row.id, after: view });
  return view;
}
