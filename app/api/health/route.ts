import { apiRoute } from "@/lib/api/route";
import { json } from "@/lib/api/respond";
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/health", {}, async () => {
  const health = await checkHealth();
  return json(health, { status: health.ok ? 200 : 503 });
});
