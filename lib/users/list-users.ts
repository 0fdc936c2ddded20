import "server-only";
import { asc, notInArray } from "drizzle-orm";
import { apiKeys, userMerchants, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { userView } from "./user-view";

export async function listUsers({ ctx }: { ctx: Ctx }) {
  const [rows, scopes] = await Promise.all([
    // API keys' service identities are not people: the API keys page lists them.
    ctx.db.select().from(users).where(notInArray(users.id, ctx.db.select({ id: apiKeys.serviceUserId }).from(apiKeys))).orderBy(asc(users.email)),
    ctx.db.select().from(userMerchants),
  ]);
  const byUser = new Map<number, number[]>();
  for (const s of scopes) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s.merchantId]);
  return rows.map((u) => userView(u, byUser.get(u.id) ?? []));
}
