import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { userMerchants, users } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** A user row locked for this transaction, with its merchant scope; not_found when absent. */
export async function loadUserForUpdate(tx: DbOrTx, id: number) {
  const row = (await tx.select().from(users).where(eq(users.id, id)).for("update"))[0];
  if (!row) throw new AppError("not_found", "No such user.");
  const scope = await tx.select({ merchantId: userMerchants.merchantId }).from(userMerchants).where(eq(userMerchants.userId, id));
  return { row, merchantIds: scope.map((s) => s.merchantId) };
}
