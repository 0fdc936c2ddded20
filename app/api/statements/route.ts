import { apiRoute } from "@/lib/api/route";
import { getStatement } from "@/lib/statements/get-statement";
import { statementSchema } from "@/lib/statements/schemas";

export const GET = apiRoute("GET /api/statements", { input: statementSchema }, getStatement);
