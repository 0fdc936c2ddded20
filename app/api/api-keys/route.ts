import { apiRoute } from "@/lib/api/route";
import { json } from "@/lib/api/respond";
import { createApiKey, readApiKeys } from "@/lib/api-keys";
import { createApiKeySchema } from "@/lib/api-keys/schemas";

export const GET = apiRoute("GET /api/api-keys", {}, async ({ ctx }) => ({ items: await readApiKeys(ctx.db) }));

/** 201 with the secret (shown once); 202 when the key waits for another admin (it may create money movements). */
export const POST = apiRoute("POST /api/api-keys", { input: createApiKeySchema }, async ({ ctx, input }) => {
  const r = await createApiKey({ ctx, input });
  return json(r, { status: r.pendingChange ? 202 : 201 });
});
