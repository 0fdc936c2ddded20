import { apiRoute } from "@/lib/api/route";
import { listMerchantOptions } from "@/lib/merchants/list-merchant-options";

export const GET = apiRoute("GET /api/merchants/options", {}, ({ ctx }) => listMerchantOptions(ctx.db, ctx.user));
