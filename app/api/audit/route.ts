import { apiRoute } from "@/lib/api/route";
import { listAudit } from "@/lib/audit/list-audit";
import { auditFilterSchema } from "@/lib/audit/schemas";

export const GET = apiRoute("GET /api/audit", { input: auditFilterSchema }, listAudit);
