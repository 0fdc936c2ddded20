import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { testConnectionSchema } from "@/lib/merchants/schemas";
import { testConnection } from "@/lib/merchants/test-connection";

export const POST = apiRoute("POST /api/merchants/[id]/test-connection", { input: testConnectionSchema }, ({ ctx, input, params }) =>
  testConnection({ ctx, id: idParam(params), input }),
);
