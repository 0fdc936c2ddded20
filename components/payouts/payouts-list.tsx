"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DataTable } from "@/components/ui/data-table";
import { buttonClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import type { listMerchantOptions } from "@/lib/merchants/list-merchant-options";
import type { PayoutPage } from "@/lib/orders/order-view";
import { filtersFromParams, filtersToQuery, type PayoutFilters } from "./list-filters";
import { viewerTimeZone, withViewerZone } from "@/lib/words/date-time";
import { PAYOUT_COLUMNS } from "./payout-columns";
import { PayoutFilterForm } from "./payout-filters";

type MerchantOption = Awaited<ReturnType<typeof listMerchantOptions>>[number];

/** The pay-out list: filters kept in the URL, keyset "Load more", CSV export of the same filters. */
export function PayoutsList({ me, canCreate }: { me: { id: number; name: string }; canCreate: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const query = filtersToQuery(filters);
  const options = useQuery({ queryKey: ["merchant-options"], queryFn: () => apiFetch<MerchantOption[]>("/api/merchants/options") });
  const pages = useInfiniteQuery({
    queryKey: ["payouts", query],
    queryFn: ({ pageParam }) => apiFetch<PayoutPage>(`/api/payouts?${withViewerZone(filtersToQuery(filters, { cursor: pageParam, limit: 50 }), viewerTimeZone())}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items);
  // Creators to filter by: me, plus everyone seen in the loaded rows (no user directory for non-admins).
  const creators = useMemo(() => {
    const seen = new Map<number, string>([[me.id, `${me.name} (me)`]]);
    for (const r of rows ?? []) if (r.createdBy && !seen.has(r.createdBy.id)) seen.set(r.createdBy.id, r.createdBy.name);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [rows, me]);
  const apply = (next: PayoutFilters) => {
    const q = filtersToQuery(next);
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Pay-outs</h1>
        {canCreate ? (
          <Link href="/payouts/new" className={buttonClass}>
            New pay-out
          </Link>
        ) : null}
      </div>
      <PayoutFilterForm key={query} filters={filters} credentials={options.data ?? []} creators={creators} onApply={apply} />
      <DataTable
        label="Pay-outs"
        columns={PAYOUT_COLUMNS}
        rows={rows}
        rowKey={(p) => p.id}
        rowTestId="payout-row"
        loading={pages.isPending}
        error={pages.error?.message}
        empty={query ? "No pay-outs match these filters." : "No pay-outs yet."}
        hasMore={pages.hasNextPage}
        onLoadMore={() => void pages.fetchNextPage()}
        loadingMore={pages.isFetchingNextPage}
      />
    </div>
  );
}
