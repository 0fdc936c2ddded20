import { systemCtx } from "@/lib/api/context";
import { apiRoute } from "@/lib/api/route";
import { ingestCallback } from "@/lib/callbacks/ingest-callback";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Smilepayz callbacks (public: the signature is the authentication). `SUCCESS` only after the callback and its
 * effect are committed; refusals answer 4xx in the app's one JSON error shape, and the gateway retries them.
 */
export const POST = apiRoute("POST /api/callbacks/smilepayz", { body: { kind: "raw" } }, async ({ ctx, raw, req }) => {
  const result = await ingestCallback({ ctx: systemCtx(ctx.db, "callback", ctx.ip, ctx.userAgent), input: { raw, headers: req.headers } });
  if (!result.accepted) throw new AppError(result.code, result.message);
  return new Response("SUCCESS", { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
});
