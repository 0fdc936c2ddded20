import { apiRoute } from "@/lib/api/route";
import { templateCsv } from "@/lib/payout-batches/columns";
import { templateQuerySchema } from "@/lib/payout-batches/schemas";
import type { RegionCode } from "@/lib/smilepayz/regions/types";

export const GET = apiRoute("GET /api/payout-batches/template", { input: templateQuerySchema }, async ({ input }) => {
  const region = input.region as RegionCode;
  return new Response(templateCsv(region), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="payouts-${region}-template.csv"`, "cache-control": "no-store" },
  });
});
