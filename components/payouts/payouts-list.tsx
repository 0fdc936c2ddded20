"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useCredentialOptions } from "@/components/orders/credential-field";
import { OrderList, useUrlFilters } from "@/components/orders/order-list";
import { buttonClass } from "@/components/ui/field";
import type { PayoutView } from "@/lib/orders/order-view";
import { filtersFromParams, filtersToQuery } from "./list-filters";
import { PAYOUT_COLUMNS } from "./payout-columns";
import { PayoutFilterForm } from "./payout-filters";

/** Creators to filter by: me, plus everyone seen in the loaded rows (no user directory for non-admins). */
function creatorsOf(rows: PayoutView[] | undefined, me: { id: number; name: string }) {
  const seen = new Map<number, string>([[me.id, `${me.name} (me)`]]);
  for (const r of rows ?? []) if (r.createdBy && !seen.has(r.createdBy.id)) seen.set(r.createdBy.id, r.createdBy.name);
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** The pay-out list: filters kept in the URL, keyset "Load more", CSV export of the same filters. */
export function PayoutsList({ me, canCreate }: { me: { id: number; name: string }; canCreate: boolean }) {
  const { params, go } = useUrlFilters();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const query = filtersToQuery(filters);
  const options = useCredentialOptions();
  return (
    <OrderList
      kind="payout"
      title="Pay-outs"
      columns={PAYOUT_COLUMNS}
      query={query}
      pageQuery={(cursor) => filtersToQuery(filters, { cursor, limit: 50 })}
      actions={canCreate ? <Link href="/payouts/new" className={buttonClass}>New pay-out</Link> : null}
      filters={(rows) => (
        <PayoutFilterForm key={query} filters={filters} credentials={options.data ?? []} creators={creatorsOf(rows, me)} onApply={(next) => go(filtersToQuery(next))} />
      )}
    />
  );
}
