import "server-only";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
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

/** merchantScope for many users in two queries (the live streams re-read theirs together): same rules, per user. */
export async function merchantScopes(db: DbOrTx, userIds: readonly number[]): Promise<Map<number, number[] | null>> {
  const out = new Map<number, number[] | null>();
  if (userIds.length === 0) return out;
  const flags = await db.select({ id: users.id, all: users.allMerchants }).from(users).where(inArray(users.id, [...userIds]));
  const listed = flags.filter((f) => !f.all).map((f) => f.id);
  const rows = listed.length === 0 ? [] : await db.select().from(userMerchants).where(inArray(userMerchants.userId, listed));
  for (const f of flags) out.set(f.id, f.all ? null : rows.filter((r) => r.userId === f.id).map((r) => r.merchantId));
  return out;
}

/**
 * merchantScope's rule as a condition on a query's merchant column, read by that query itself (no round trip of its
 * own): all merchants by the user's flag, else those listed in user_merchants; a missing user sees nothing.
 */
export function inMerchantScope(merchantId: AnyPgColumn, userId: number): SQL {
  return sql`(exists (select 1 from ${users} where ${users.id} = ${userId} and ${users.allMerchants})
    or ${merchantId} in (select ${userMerchants.merchantId} from ${userMerchants} where ${userMerchants.userId} = ${userId}))`;
}
