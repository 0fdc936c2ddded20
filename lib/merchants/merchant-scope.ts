import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { userMerchants } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/sessions";

/**
 * The merchants a user may see: null means all (a user with no rows in user_merchants), otherwise the list.
 * Every query over merchant data filters by this.
 */
export async function merchantScope(db: DbOrTx, user: Pick<SessionUser, "id">): Promise<number[] | null> {
  const rows = await db.select({ id: userMerchants.merchantId }).from(userMerchants).where(eq(userMerchants.userId, user.id));
  return rows.length === 0 ? null : rows.map((r) => r.id);
}
