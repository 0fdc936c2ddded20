import { confirmTwoFactor } from "@/lib/account/two-factor";
import { apiRoute } from "@/lib/api/route";
import { totpCodeSchema } from "@/lib/auth/schemas";

export const POST = apiRoute("POST /api/account/two-factor/confirm", { input: totpCodeSchema }, confirmTwoFactor);
