import { apiRoute } from "@/lib/api/route";
import { exportStatement } from "@/lib/statements/export-statement";
import { statementSchema } from "@/lib/statements/schemas";

export const GET = apiRoute("GET /api/statements/export", { input: statementSchema }, exportStatement);
