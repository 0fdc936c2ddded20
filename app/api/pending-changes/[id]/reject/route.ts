import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { rejectChange } from "@/lib/approvals/decide-change";
import { rejectChangeSchema } from "@/lib/approvals/schemas";

export const POST = apiRoute("POST /api/pending-changes/[id]/reject", { input: rejectChangeSchema }, ({ ctx, input, params }) =>
  rejectChange({ ctx, id: idParam(params), input }),
);
