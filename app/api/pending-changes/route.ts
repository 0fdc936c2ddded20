import { apiRoute } from "@/lib/api/route";
import { listPendingChanges } from "@/lib/approvals/list-changes";

export const GET = apiRoute("GET /api/pending-changes", {}, listPendingChanges);
