import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { archiveBeneficiary } from "@/lib/beneficiaries/decide-beneficiary";
import { archiveBeneficiarySchema } from "@/lib/beneficiaries/schemas";

export const POST = apiRoute("POST /api/beneficiaries/[id]/archive", { input: archiveBeneficiarySchema }, async ({ ctx, input, params }) => ({
  beneficiary: await archiveBeneficiary({ ctx, id: idParam(params), input }),
}));
