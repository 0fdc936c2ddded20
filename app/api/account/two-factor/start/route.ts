import { startTwoFactor } from "@/lib/account/two-factor";
import { apiRoute } from "@/lib/api/route";

export const POST = apiRoute("POST /api/account/two-factor/start", {}, startTwoFactor);
