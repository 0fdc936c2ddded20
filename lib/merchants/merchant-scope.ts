import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { userMerchants, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/sessions";

/**
 * The merchants a user may see: null means all (users.all_merchants, an explicit flag), otherwise the list from
 * user_merchants. An empty list sees nothing: the scope fails closed. Every query over merchant data filters by this.
 */
export async function merchantScope(db: DbOrTx, user: Pick<SessionUser, "id">): Promise<number[] | null> {
  const [row] = await db.select({ all: users.allMerchants }).from(users).where(eq(users.id, user.id)).limit(1);
  if (!row) return [];
  if (row.all) return null;
  const rows = await db.select({ id: userMerchants.merchantId }).from(userMerchants).where(eq(userMerchants.userId, user.id));
  return rows.map((r) => r.id);
}
