import { apiRoute } from "@/lib/api/route";
import { exportOrderListCsv } from "@/lib/orders/export-order-list-csv";
import { listPayoutsSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute("GET /api/payouts/export", { input: listPayoutsSchema }, ({ ctx, input }) =>
  exportOrderListCsv({ ctx, kind: "payout", input }),
);
