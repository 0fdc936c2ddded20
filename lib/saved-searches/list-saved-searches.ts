import "server-only";
import { asc, eq } from "drizzle-orm";
import { savedSearches } from "@/db/schema";
import type { Ctx } from "@/lib/context";

/** The user's own saved order searches, by name. */
export async function listSavedSearches({ ctx }: { ctx: Ctx }) {
  const rows = await ctx.db.select().from(savedSearches).where(eq(savedSearches.userId, ctx.user.id)).orderBy(asc(savedSearches.name));
  return rows.map((r) => ({ id: r.id, name: r.name, query: r.query }));
}
export type SavedSearchView = Awaited<ReturnType<typeof listSavedSearches>>[number];
