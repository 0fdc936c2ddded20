import { systemCtx } from "@/lib/context";
import { apiRoute } from "@/lib/api/route";
import { ingestCallback } from "@/lib/callbacks/ingest-callback";
import { wakeConfirmations } from "@/lib/callbacks/workers";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Smilepayz callbacks (public: the signature is the authentication). `SUCCESS` once the callback is committed with
 * its confirmation job; a final status is confirmed with inquiry-status by that job (lib/callbacks/workers.ts,
 * woken here), never on this request's path, so a slow inquiry never makes the gateway retry.
 * Refusals answer 4xx (429 past the per-address limit) in the app's one JSON error shape.
 */
export const POST = apiRoute("POST /api/callbacks/smilepayz", { body: { kind: "raw" } }, async ({ ctx, raw, req }) => {
  const result = await ingestCallback({ ctx: systemCtx(ctx.db, "callback", ctx.ip, ctx.userAgent), input: { raw, headers: req.headers } });
  if (!result.accepted) throw new AppError(result.code, result.message);
  if (result.outcome === "confirming") wakeConfirmations();
  return new Response("SUCCESS", { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
});
