import { apiRoute } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { approveChange } from "@/lib/pending-changes/decide-change";
import { approveChangeSchema } from "@/lib/pending-changes/schemas";

export const POST = apiRoute("POST /api/pending-changes/[id]/approve", { input: approveChangeSchema }, ({ ctx, input, params }) =>
  approveChange({ ctx, id: idParam(params), input }),
);
