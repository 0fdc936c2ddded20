import { apiRoute } from "@/lib/api/route";
import { exportOrderListCsv } from "@/lib/orders/export-order-list-csv";
import { listPayinsSchema } from "@/lib/payins/schemas";

export const GET = apiRoute("GET /api/payins/export", { input: listPayinsSchema }, ({ ctx, input }) =>
  exportOrderListCsv({ ctx, kind: "payin", input }),
);
