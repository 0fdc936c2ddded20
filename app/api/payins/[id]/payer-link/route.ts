import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { renewPayerLink } from "@/lib/payins/payer-link";

export const POST = apiRoute("POST /api/payins/[id]/payer-link", {}, ({ ctx, params }) => renewPayerLink({ ctx, id: idParam(params) }));
