import { idParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { editBeneficiary } from "@/lib/beneficiaries/edit-beneficiary";
import { getBeneficiary } from "@/lib/beneficiaries/get-beneficiary";
import { editBeneficiarySchema } from "@/lib/beneficiaries/schemas";

export const GET = apiRoute("GET /api/beneficiaries/[id]", {}, ({ ctx, params }) => getBeneficiary({ ctx, id: idParam(params) }));

export const PATCH = apiRoute("PATCH /api/beneficiaries/[id]", { input: editBeneficiarySchema }, async ({ ctx, input, params }) => ({
  beneficiary: await editBeneficiary({ ctx, id: idParam(params), input }),
}));
