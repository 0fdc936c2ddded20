import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { findPublicPayin } from "@/lib/payins/public-payin";
import { allowPublicRequest } from "@/lib/payins/public-rate-limit";
import { publicStatusStream } from "@/lib/payins/public-status-stream";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/pay/[token]/events", {}, async ({ ctx, params, req }) => {
  if (!allowPublicRequest(ctx.ip)) throw new AppError("rate_limited", "Too many requests: wait a minute.");
  const token = typeof params.token === "string" ? params.token : "";
  const found = await findPublicPayin(ctx.db, token);
  if (!found) throw new AppError("not_found", "Not found.");
  return publicStatusStream(ctx.db, found.id, req.signal);
});
