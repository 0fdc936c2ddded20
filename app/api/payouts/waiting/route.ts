import { apiRoute } from "@/lib/api/route";
import { listPayouts } from "@/lib/payouts/list-payouts";
import { listPayoutsSchema, waitingPayoutsSchema } from "@/lib/payouts/schemas";

const QUEUE = listPayoutsSchema.parse({ status: "PENDING_APPROVAL", order: "oldest" });

export const GET = apiRoute("GET /api/payouts/waiting", { input: waitingPayoutsSchema }, ({ ctx, input }) =>
  listPayouts({ ctx, input: { ...QUEUE, cursor: input.cursor, limit: input.limit } }),
);
