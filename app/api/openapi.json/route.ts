import { apiRoute } from "@/lib/api/route";
import { openApiDocument } from "@/lib/openapi/openapi-document";

export const GET = apiRoute("GET /api/openapi.json", {}, async () => openApiDocument());
