import { appliedOrPending } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { getApprovalThresholds, setApprovalThresholds } from "@/lib/merchants/approval-thresholds";
import { setApprovalThresholdsSchema } from "@/lib/merchants/schemas";

export const GET = apiRoute("GET /api/merchants/[id]/approval-thresholds", {}, ({ ctx, params }) =>
  getApprovalThresholds({ ctx, id: idParam(params) }),
);
export const PUT = apiRoute("PUT /api/merchants/[id]/approval-thresholds", { input: setApprovalThresholdsSchema }, ({ ctx, input, params }) =>
  setApprovalThresholds({ ctx, id: idParam(params), input }).then(appliedOrPending),
);
