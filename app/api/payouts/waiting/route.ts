import { apiRoute } from "@/lib/api/route";
import { listWaiting } from "@/lib/payout-batches/list-waiting";
import { waitingPayoutsSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payouts/waiting", { input: waitingPayoutsSchema }, ({ ctx, input }) => listWaiting({ ctx, input }));
