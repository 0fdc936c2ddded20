import { apiRoute } from "@/lib/api/route";
import { listSavedSearches } from "@/lib/saved-searches/list-saved-searches";
import { saveSearch } from "@/lib/saved-searches/save-search";
import { savedSearchSchema } from "@/lib/orders/schemas";

export const GET = apiRoute("GET /api/saved-searches", {}, listSavedSearches);
export const POST = apiRoute("POST /api/saved-searches", { input: savedSearchSchema }, saveSearch);
