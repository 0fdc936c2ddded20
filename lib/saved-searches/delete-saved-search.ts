import "server-only";
import { and, eq } from "drizzle-orm";
import { savedSearches } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

/** Delete one of the user's own saved searches (another user's is "not found"). */
export async function deleteSavedSearch({ ctx, id }: { ctx: Ctx; id: number }) {
  const gone = await ctx.db.delete(savedSearches).where(and(eq(savedSearches.id, id), eq(savedSearches.userId, ctx.user.id))).returning({ id: savedSearches.id });
  if (gone.length === 0) throw new AppError("not_found", "No such saved search.");
  return { ok: true };
}
