import Link from "next/link";
import type { Column } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeText } from "@/components/ui/time-text";
import type { PayinView } from "@/lib/orders/order-view";
import { methodName } from "@/lib/words/methods";

export const PAYIN_COLUMNS: readonly Column<PayinView>[] = [
  { id: "createdAt", header: "Created", cell: (p) => <TimeText at={p.createdAt} />, sortValue: (p) => p.createdAt },
  {
    id: "orderNo",
    header: "orderNo",
    cell: (p) => (
      <Link href={`/payins/${p.id}`} className="font-mono text-xs text-slate-900 underline" data-testid="payin-link">
        {p.orderNo}
      </Link>
    ),
  },
  { id: "merchant", header: "Merchant", cell: (p) => p.merchantName, sortValue: (p) => p.merchantName },
  {
    id: "amount",
    header: "Amount",
    cell: (p) => <span className="whitespace-nowrap font-medium">{p.amountDisplay}</span>,
    sortValue: (p) => `${p.currency} ${p.amountMinor.padStart(20, "0")}`,
    className: "md:text-right",
  },
  { id: "method", header: "Method", cell: (p) => <span title={`Code ${p.method}`}>{methodName(p.region, p.method, "payin")}</span>, sortValue: (p) => p.method },
  { id: "payer", header: "Payer", cell: (p) => <span className="text-xs">{p.payerName ?? "—"}</span> },
  { id: "status", header: "Status", cell: (p) => <StatusBadge status={p.status} kind="payin" />, sortValue: (p) => p.status },
];
