import { apiRoute } from "@/lib/api/route";
import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { auditFilterSchema } from "@/lib/audit/schemas";

export const GET = apiRoute("GET /api/audit/export", { input: auditFilterSchema }, exportAuditCsv);
