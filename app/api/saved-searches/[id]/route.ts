import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { deleteSavedSearch } from "@/lib/saved-searches/delete-saved-search";

export const DELETE = apiRoute("DELETE /api/saved-searches/[id]", {}, ({ ctx, params }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", "No such saved search.");
  return deleteSavedSearch({ ctx, id });
});
