import Link from "next/link";
import { EnvironmentBadge } from "@/components/merchants/environment-badge";
import type { Column } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/ui/status-badge";
import type { PayoutView } from "@/lib/orders/order-view";
import { TimeText } from "@/components/ui/time-text";
import { beneficiaryLine } from "./payout-text";

/** The pay-out columns shared by the list and the approvals queue. */
export const PAYOUT_COLUMNS: readonly Column<PayoutView>[] = [
  { id: "createdAt", header: "Created", cell: (p) => <TimeText at={p.createdAt} />, sortValue: (p) => p.createdAt },
  {
    id: "orderNo",
    header: "orderNo",
    cell: (p) => (
      <Link href={`/payouts/${p.id}`} className="font-mono text-xs text-slate-900 underline" data-testid="payout-link">
        {p.orderNo}
      </Link>
    ),
  },
  {
    id: "merchant",
    header: "Merchant",
    cell: (p) => (
      <span className="inline-flex flex-wrap items-center justify-end gap-1 md:justify-start">
        {p.merchantName} <EnvironmentBadge environment={p.environment} bundledSandbox={p.bundledSandbox} />
      </span>
    ),
    sortValue: (p) => p.merchantName,
  },
  {
    id: "amount",
    header: "Amount",
    cell: (p) => <span className="whitespace-nowrap font-medium">{p.amountDisplay}</span>,
    // Per currency first, so sorting never ranks 100 USDT against 100 THB.
    sortValue: (p) => `${p.currency} ${p.amountMinor.padStart(20, "0")}`,
    className: "md:text-right",
  },
  { id: "beneficiary", header: "Beneficiary", cell: (p) => <span className="font-mono text-xs">{beneficiaryLine(p)}</span> },
  { id: "status", header: "Status", cell: (p) => <StatusBadge status={p.status} />, sortValue: (p) => p.status },
  { id: "createdBy", header: "Created by", cell: (p) => p.createdBy?.name ?? "—", sortValue: (p) => p.createdBy?.name ?? "" },
];
