import { apiRoute } from "@/lib/api/route";
import { listPendingChanges } from "@/lib/pending-changes/list-changes";

export const GET = apiRoute("GET /api/pending-changes", {}, listPendingChanges);
