import { orderColumns } from "@/components/orders/order-list";
import type { Column } from "@/components/ui/data-table";
import type { PayinView } from "@/lib/orders/order-view";
import { methodName } from "@/lib/words/methods";

export const PAYIN_COLUMNS: readonly Column<PayinView>[] = orderColumns("payin", { id: "merchant", header: "Merchant", cell: (p) => p.merchantName, sortValue: (p) => p.merchantName }, [
  { id: "method", header: "Method", cell: (p) => <span title={`Code ${p.method}`}>{methodName(p.region, p.method, "payin")}</span>, sortValue: (p) => p.method },
  { id: "payer", header: "Payer", cell: (p) => <span className="text-xs">{p.payerName ?? "—"}</span> },
]);
