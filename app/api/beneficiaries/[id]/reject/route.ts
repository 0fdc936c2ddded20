import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { rejectBeneficiary } from "@/lib/beneficiaries/decide-beneficiary";
import { rejectBeneficiarySchema } from "@/lib/beneficiaries/schemas";

export const POST = apiRoute("POST /api/beneficiaries/[id]/reject", { input: rejectBeneficiarySchema }, async ({ ctx, input, params }) => ({
  beneficiary: await rejectBeneficiary({ ctx, id: idParam(params), input }),
}));
