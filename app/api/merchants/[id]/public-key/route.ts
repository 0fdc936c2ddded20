import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { downloadPublicKey } from "@/lib/merchants/download-public-key";

export const GET = apiRoute("GET /api/merchants/[id]/public-key", {}, ({ ctx, params }) => downloadPublicKey({ ctx, id: idParam(params) }));
