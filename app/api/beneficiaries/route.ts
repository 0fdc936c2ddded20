import { apiRoute } from "@/lib/api/route";
import { json } from "@/lib/api/respond";
import { createBeneficiary } from "@/lib/beneficiaries/create-beneficiary";
import { listBeneficiaries } from "@/lib/beneficiaries/list-beneficiaries";
import { createBeneficiarySchema, listBeneficiariesSchema } from "@/lib/beneficiaries/schemas";

export const GET = apiRoute("GET /api/beneficiaries", { input: listBeneficiariesSchema }, ({ ctx, input }) => listBeneficiaries({ ctx, input }));

export const POST = apiRoute("POST /api/beneficiaries", { input: createBeneficiarySchema }, async ({ ctx, input }) =>
  json({ beneficiary: await createBeneficiary({ ctx, input }) }, { status: 201 }),
);
