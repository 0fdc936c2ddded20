import "server-only";
import { savedSearches } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { orderSearchSchema, type SavedSearchInput } from "@/lib/orders/schemas";

/** Save the filters of an order search under a name (the user's own; a name is used once per user). */
export async function saveSearch({ ctx, input }: { ctx: Ctx; input: SavedSearchInput }) {
  const checked = orderSearchSchema.safeParse(input.query);
  if (!checked.success) throw new AppError("invalid_input", "This search has filters that are not valid.", { query: "Fix the search first" });
  const query = Object.fromEntries(Object.entries(input.query).filter(([k, v]) => v !== "" && k !== "cursor" && k !== "limit"));
  // The unique (user, name) refuses a second one; DO NOTHING keeps a caller's transaction usable.
  const [row] = await ctx.db.insert(savedSearches).values({ userId: ctx.user.id, name: input.name, query }).onConflictDoNothing().returning();
  if (!row) throw new AppError("conflict", "You already have a search with this name.", { name: "Choose another name" });
  return { id: row.id, name: row.name, query: row.query };
}
