import { appliedOrPending } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { generateKeyPair } from "@/lib/merchants/generate-key-pair";

export const POST = apiRoute("POST /api/merchants/[id]/key-pair", {}, ({ ctx, params }) => generateKeyPair({ ctx, id: idParam(params) }).then(appliedOrPending));
