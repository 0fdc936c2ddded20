import { appliedOrPending } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { setUserDisabled } from "@/lib/users/set-user-disabled";

export const POST = apiRoute("POST /api/users/[id]/enable", {}, ({ ctx, params }) =>
  setUserDisabled({ ctx, id: idParam(params), disabled: false }).then(appliedOrPending),
);
