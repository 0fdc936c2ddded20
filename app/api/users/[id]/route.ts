import { appliedOrPending } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { updateUserSchema } from "@/lib/users/schemas";
import { updateUser } from "@/lib/users/update-user";

export const PATCH = apiRoute("PATCH /api/users/[id]", { input: updateUserSchema }, ({ ctx, input, params }) =>
  updateUser({ ctx, input, id: idParam(params) }).then(appliedOrPending),
);
