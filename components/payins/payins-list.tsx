"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { DataTable } from "@/components/ui/data-table";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import type { PayinPage } from "@/lib/orders/order-view";
import { PAYIN_STATUSES } from "@/lib/payins/schemas";
import { PAYIN_COLUMNS } from "./payin-columns";
import { viewerTimeZone, withViewerZone } from "@/lib/words/date-time";
import { useViewerTimeZone } from "@/components/ui/use-viewer-zone";
import { payinMethodOptions } from "@/lib/words/methods";
import { statusWord } from "@/lib/words/statuses";

const KEYS = ["status", "method", "q", "from", "to"] as const;
type Filters = Partial<Record<(typeof KEYS)[number], string>>;

function toQuery(f: Filters, extra: Record<string, string | null | number> = {}): string {
  const q = new URLSearchParams();
  for (const k of KEYS) if (f[k]) q.set(k, f[k] ?? "");
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined) q.set(k, String(v));
  return q.toString();
}

/** The pay-in list: filters in the URL, keyset "Load more", CSV export of the same filters; statuses live. */
export function PayinsList({ canCreate }: { canCreate: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = useMemo<Filters>(() => Object.fromEntries(KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k) ?? ""]] : []))), [params]);
  const query = toQuery(filters);
  const [draft, setDraft] = useState<Filters>(filters);
  const tz = useViewerTimeZone();
  const pages = useInfiniteQuery({
    queryKey: ["payins", query],
    queryFn: ({ pageParam }) => apiFetch<PayinPage>(`/api/payins?${withViewerZone(toQuery(filters, { cursor: pageParam, limit: 50 }), viewerTimeZone())}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const q = toQuery(draft);
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Pay-ins</h1>
        <div className="flex gap-2">
          <a href={`/api/payins/export?${withViewerZone(query, tz)}`} className={secondaryButtonClass} download>
            Export CSV
          </a>
          {canCreate ? (
            <Link href="/payins/new" className={buttonClass}>
              New pay-in
            </Link>
          ) : null}
        </div>
      </div>
      <form onSubmit={apply} aria-label="Filters" className="grid items-end gap-2 rounded-lg border bg-white p-3 sm:grid-cols-6">
        <select aria-label="Status" className={inputClass} value={draft.status ?? ""} onChange={set("status")}>
          <option value="">Any status</option>
          {PAYIN_STATUSES.map((s) => (
            <option key={s} value={s} title={`Status code ${s}`}>
              {statusWord("payin", s)}
            </option>
          ))}
        </select>
        <select aria-label="Method" className={inputClass} value={draft.method ?? ""} onChange={set("method")}>
          <option value="">Any method</option>
          {payinMethodOptions().map((m) => (
            <option key={m.code} value={m.code} title={`Method code ${m.code}`}>
              {m.name}
            </option>
          ))}
        </select>
        <label className="text-xs text-slate-600">
          From (your day)
          <input aria-label="From" type="date" className={inputClass} value={draft.from ?? ""} onChange={set("from")} />
        </label>
        <label className="text-xs text-slate-600">
          To (your day)
          <input aria-label="To" type="date" className={inputClass} value={draft.to ?? ""} onChange={set("to")} />
        </label>
        <input aria-label="orderNo or tradeNo" placeholder="orderNo or tradeNo" className={inputClass} value={draft.q ?? ""} onChange={set("q")} />
        <button type="submit" className={secondaryButtonClass}>
          Apply
        </button>
      </form>
      <DataTable
        label="Pay-ins"
        columns={PAYIN_COLUMNS}
        rows={rows}
        rowKey={(p) => p.id}
        rowTestId="payin-row"
        loading={pages.isPending}
        error={pages.error?.message}
        empty={query ? "No pay-ins match these filters." : "No pay-ins yet."}
        hasMore={pages.hasNextPage}
        onLoadMore={() => void pages.fetchNextPage()}
        loadingMore={pages.isFetchingNextPage}
      />
    </div>
  );
}
