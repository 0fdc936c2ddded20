import { EnvironmentBadge } from "@/components/merchants/environment-badge";
import { orderColumns } from "@/components/orders/order-list";
import type { Column } from "@/components/ui/data-table";
import type { PayoutView } from "@/lib/orders/order-view";
import { beneficiaryLine } from "./payout-text";

/** The pay-out columns shared by the list and the approvals queue. */
export const PAYOUT_COLUMNS: readonly Column<PayoutView>[] = orderColumns(
  "payout",
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
  [{ id: "beneficiary", header: "Beneficiary", cell: (p) => <span className="font-mono text-xs">{beneficiaryLine(p)}</span> }],
  [{ id: "createdBy", header: "Created by", cell: (p) => p.createdBy?.name ?? "—", sortValue: (p) => p.createdBy?.name ?? "" }],
);
