import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Refuse a change that would leave no enabled admin. The other admins' rows are locked (FOR UPDATE) so two
 * admins demoting each other at the same moment cannot both succeed.
 */
export async function assertAnotherAdmin(tx: DbOrTx, userId: number): Promise<void> {
  const others = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, userId)))
    .for("update");
  if (others.length === 0) throw new AppError("conflict", "This is the last admin: make another admin first.");
}
