import "server-only";
import type { z } from "zod";
import { userMerchants, users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/api/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db-errors";
import { oneTimePassword } from "./one-time-password";
import type { createUserSchema } from "./schemas";
import { userView } from "./user-view";

/** A new user with a one-time password, shown once to the admin and to be changed at first sign-in. */
export async function createUser({ ctx, input }: { ctx: Ctx; input: z.output<typeof createUserSchema> }) {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  try {
    const user = await ctx.db.transaction(async (tx) => {
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
    });
    return { user, oneTimePassword: password };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("conflict", "A user with this e-mail exists.", { email: "A user with this e-mail exists" });
    }
    if (isForeignKeyViolation(err)) {
      throw new AppError("invalid_input", "Some fields need attention.", { merchantIds: "Unknown merchant" });
    }
    throw err;
  }
}
