import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";

export const POST = apiRoute("POST /api/users/[id]/reset-two-factor", {}, ({ ctx, params }) =>
  resetTwoFactor({ ctx, id: idParam(params) }),
);
