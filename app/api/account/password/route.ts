import { changePassword } from "@/lib/account/change-password";
import { apiRoute } from "@/lib/api/route";
import { changePasswordSchema } from "@/lib/auth/schemas";

export const POST = apiRoute("POST /api/account/password", { input: changePasswordSchema }, changePassword);
