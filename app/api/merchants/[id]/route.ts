import { appliedOrPending } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { getCredential } from "@/lib/merchants/list-credentials";
import { updateCredentialSchema } from "@/lib/merchants/schemas";
import { updateCredential } from "@/lib/merchants/update-credential";

export const GET = apiRoute("GET /api/merchants/[id]", {}, ({ ctx, params }) => getCredential({ ctx, id: idParam(params) }));
export const PUT = apiRoute("PUT /api/merchants/[id]", { input: updateCredentialSchema }, ({ ctx, input, params }) =>
  updateCredential({ ctx, id: idParam(params), input }).then(appliedOrPending),
);
