"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeText } from "@/components/ui/time-text";
import { DataTable, type Column } from "@/components/ui/data-table";
import { apiFetch } from "@/lib/http/api-fetch";
import type { OrderPage, OrderView } from "@/lib/orders/order-view";
import type { OrderType } from "@/lib/order-status/transitions";
import { viewerTimeZone, withViewerZone } from "@/lib/words/date-time";

/** The list's filters live in the URL: read them, and replace them without a scroll. */
export function useUrlFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return { params, go: (q: string) => router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false }) };
}

/** The columns every kind's list starts and ends with: when, which order (a link to its page), how much, status. */
export function orderColumns<K extends OrderType>(kind: K, merchant: Column<OrderView<K>>, middle: Column<OrderView<K>>[], after: Column<OrderView<K>>[] = []): Column<OrderView<K>>[] {
  return [
    { id: "createdAt", header: "Created", cell: (p) => <TimeText at={p.createdAt} />, sortValue: (p) => p.createdAt },
    {
      id: "orderNo",
      header: "orderNo",
      cell: (p) => (
        <Link href={`/${kind}s/${p.id}`} className="font-mono text-xs text-slate-900 underline" data-testid={`${kind}-link`}>
          {p.orderNo}
        </Link>
      ),
    },
    merchant,
    {
      id: "amount",
      header: "Amount",
      cell: (p) => <span className="whitespace-nowrap font-medium">{p.amountDisplay}</span>,
      // Per currency first, so sorting never ranks 100 USDT against 100 THB.
      sortValue: (p) => `${p.currency} ${p.amountMinor.padStart(20, "0")}`,
      className: "md:text-right",
    },
    ...middle,
    { id: "status", header: "Status", cell: (p) => <StatusBadge status={p.status} kind={kind} />, sortValue: (p) => p.status },
    ...after,
  ];
}

/**
 * One kind's list: its title and actions, its filters (kept in the URL by the caller), a keyset "Load more" table
 * of GET /api/{kind}s; the rows' statuses follow the tab's live events (query key [`{kind}s`, query]).
 */
export function OrderList<K extends OrderType>({ kind, title, columns, query, pageQuery, actions, filters }: {
  kind: K;
  /** "Pay-outs" or "Pay-ins": the heading, the table's label, and (in lower case) the empty words. */
  title: string;
  columns: readonly Column<OrderView<K>>[];
  /** The filters as a query string: the cache key, and whether the empty words say "match these filters". */
  query: string;
  pageQuery: (cursor: string | null) => string;
  actions: ReactNode;
  filters: (rows: OrderView<K>[] | undefined) => ReactNode;
}) {
  const pages = useInfiniteQuery({
    queryKey: [`${kind}s`, query],
    queryFn: ({ pageParam }) => apiFetch<OrderPage<K>>(`/api/${kind}s?${withViewerZone(pageQuery(pageParam), viewerTimeZone())}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items);
  const noun = title.toLowerCase();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">{title}</h1>
        {actions}
      </div>
      {filters(rows)}
      <DataTable
        label={title}
        columns={columns}
        rows={rows}
        rowKey={(p) => p.id}
        rowTestId={`${kind}-row`}
        loading={pages.isPending}
        error={pages.error?.message}
        empty={query ? `No ${noun} match these filters.` : `No ${noun} yet.`}
        hasMore={pages.hasNextPage}
        onLoadMore={() => void pages.fetchNextPage()}
        loadingMore={pages.isFetchingNextPage}
      />
    </div>
  );
}
