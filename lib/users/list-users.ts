import "server-only";
import { asc } from "drizzle-orm";
import { userMerchants, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { userView } from "./user-view";

export async function listUsers({ ctx }: { ctx: Ctx }) {
  const [rows, scopes] = await Promise.all([
    ctx.db.select().from(users).orderBy(asc(users.email)),
    ctx.db.select().from(userMerchants),
  ]);
  const byUser = new Map<number, number[]>();
  for (const s of scopes) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s.merchantId]);
  return rows.map((u) => userView(u, byUser.get(u.id) ?? []));
}
