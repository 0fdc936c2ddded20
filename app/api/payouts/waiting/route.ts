import { apiRoute } from "@/lib/api/route";
import { listPayouts } from "@/lib/payouts/list-payouts";
import { listPayoutsSchema, waitingPayoutsSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payouts/waiting", { input: waitingPayoutsSchema }, ({ ctx, input }) =>
  listPayouts({ ctx, input: listPayoutsSchema.parse({ ...input, status: "PENDING_APPROVAL", order: "oldest" }) }),
);
