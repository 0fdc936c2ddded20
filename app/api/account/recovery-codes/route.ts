import { regenerateRecoveryCodes } from "@/lib/account/two-factor";
import { apiRoute } from "@/lib/api/route";
import { totpCodeSchema } from "@/lib/auth/schemas";

export const POST = apiRoute("POST /api/account/recovery-codes", { input: totpCodeSchema }, regenerateRecoveryCodes);
