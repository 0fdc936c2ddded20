"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import type { OrderSearchResult } from "@/lib/orders/search-orders";
import { formatMoney } from "@/lib/words/money";
import { getRegion } from "@/lib/smilepayz/regions";
import { FILTER_KEYS, OrderFilters, type Filters } from "./order-filters";
import { useViewerTimeZone } from "@/components/ui/use-viewer-zone";
import { viewerTimeZone, withViewerZone } from "@/lib/words/date-time";

// overflow-wrap:anywhere lets long e-mails, ids and action names wrap instead of widening the table past the screen.
const cell = "block px-3 py-1 [overflow-wrap:anywhere] md:table-cell md:p-2";

function age(at: string | Date): string {
  const s = Math.max(0, (Date.now() - new Date(at).getTime()) / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** Support's search results: region, status, amount, masked account, age; keyset "load more"; CSV; save the search. */
export function OrdersView() {
  const router = useRouter();
  const params = useSearchParams();
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Filters;
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== "")).toString();
  const data = useInfiniteQuery({
    queryKey: ["orders", query],
    initialPageParam: "",
    queryFn: ({ pageParam }) => apiFetch<OrderSearchResult>(`/api/orders?${withViewerZone(query, viewerTimeZone())}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While typing, the last results stay until the new ones arrive.
    placeholderData: keepPreviousData,
  });
  const rows = data.data?.pages.flatMap((p) => p.items) ?? [];
  const tz = useViewerTimeZone();
  const notice = data.data?.pages[0]?.notice ?? null;
  return (
    <div className="space-y-4">
      <OrderFilters
        value={filters}
        onSearch={(f, how) => {
          const url = `/orders?${new URLSearchParams(Object.entries(f).filter(([, v]) => v !== "")).toString()}`;
          if (how?.live) router.replace(url, { scroll: false });
          else router.push(url);
        }}
      />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <a className={secondaryButtonClass} href={`/api/orders/export?${withViewerZone(query, tz)}`} download data-testid="orders-export">
          Export CSV
        </a>
        <SaveSearch query={Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ""))} />
      </div>
      {data.error ? <p role="alert" className="text-sm text-red-700">{data.error.message}</p> : null}
      {notice ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="orders-notice">
          {notice}
        </p>
      ) : null}
      <table className="block w-full bg-white text-sm shadow-sm md:table">
        <thead className="hidden md:table-header-group">
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Order</th>
            <th className="p-2">Region</th>
            <th className="p-2">Status</th>
            <th className="p-2">Amount</th>
            <th className="p-2">Account</th>
            <th className="p-2">Age</th>
          </tr>
        </thead>
        <tbody className="block md:table-row-group">
          {rows.map((r) => (
            <tr key={`${r.type}-${r.id}`} className="block border-b py-2 md:table-row md:py-0" data-testid="order-row">
              <td className={`${cell} font-mono text-xs`}>
                <Link className="text-blue-700 underline" href={`/${r.type}s/${r.id}`}>
                  {r.orderNo}
                </Link>
                <span className="ml-1 font-sans text-slate-500">{r.type === "payout" ? "Pay-out" : "Pay-in"}</span>
                <br />
                {r.tradeNo ?? "—"}
                <div className="font-sans text-slate-500" data-testid="order-merchant">{r.merchantName}</div>
              </td>
              <td className={cell}>{r.region}</td>
              <td className={cell} data-testid="order-status">
                <StatusBadge status={r.status} kind={r.type} />
              </td>
              <td className={cell}>{formatMoney(BigInt(r.amountMinor), getRegion(r.region))}</td>
              <td className={`${cell} font-mono`} data-testid="order-account">
                {r.account}
                {r.name ? <div className="font-sans text-xs text-slate-500">{r.name}</div> : null}
              </td>
              <td className={cell} suppressHydrationWarning>
                {age(r.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.isPending ? <p className="text-sm text-slate-500" role="status">Loading orders…</p> : null}
      {!data.isPending && rows.length === 0 ? <p className="text-sm text-slate-500" data-testid="orders-empty">No orders found.</p> : null}
      {data.hasNextPage ? (
        <button type="button" className={secondaryButtonClass} disabled={data.isFetchingNextPage} onClick={() => void data.fetchNextPage()}>
          Load more
        </button>
      ) : null}
    </div>
  );
}

function SaveSearch({ query }: { query: Record<string, string> }) {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [msg, setMsg] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => apiFetch("/api/saved-searches", { body: { name, query } }),
    onSuccess: async () => {
      setMsg("Saved: it is in the search menu.");
      setName("");
      await qc.invalidateQueries({ queryKey: ["saved-searches"] });
    },
    onError: (e) => setMsg(e instanceof ApiError ? (Object.values(e.fields)[0] ?? e.message) : e.message),
  });
  return (
    <form className="flex flex-wrap items-center gap-2" onSubmit={(e) => (e.preventDefault(), save.mutate())} aria-label="Save this search">
      <input className={`${inputClass} w-48`} placeholder="Name this search" aria-label="Name this search" value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" className={buttonClass} disabled={save.isPending || !name.trim()}>
        Save search
      </button>
      {msg ? <span role="status" className="text-slate-600">{msg}</span> : null}
    </form>
  );
}
