import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { revokePayerLink } from "@/lib/payins/payer-link";

export const POST = apiRoute("POST /api/payins/[id]/payer-link/revoke", {}, ({ ctx, params }) => revokePayerLink({ ctx, id: idParam(params) }));
