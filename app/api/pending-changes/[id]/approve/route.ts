import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { approveChange } from "@/lib/approvals/decide-change";
import { approveChangeSchema } from "@/lib/approvals/schemas";

export const POST = apiRoute("POST /api/pending-changes/[id]/approve", { input: approveChangeSchema }, ({ ctx, input, params }) =>
  approveChange({ ctx, id: idParam(params), input }),
);
