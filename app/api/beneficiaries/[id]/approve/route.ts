import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { verifyBeneficiary } from "@/lib/beneficiaries/decide-beneficiary";
import { verifyBeneficiarySchema } from "@/lib/beneficiaries/schemas";

export const POST = apiRoute("POST /api/beneficiaries/[id]/approve", { input: verifyBeneficiarySchema }, async ({ ctx, input, params }) => ({
  beneficiary: await verifyBeneficiary({ ctx, id: idParam(params), input }),
}));
