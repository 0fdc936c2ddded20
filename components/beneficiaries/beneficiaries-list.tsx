"use client";

import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable, type Column } from "@/components/ui/data-table";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { Options } from "@/components/ui/options";
import type { BeneficiaryPage } from "@/lib/beneficiaries/list-beneficiaries";
import type { BeneficiaryView } from "@/lib/beneficiaries/beneficiary-view";
import { BENEFICIARY_STATUS_WORDS, BENEFICIARY_STATUSES } from "@/lib/beneficiaries/statuses";
import { apiFetch } from "@/lib/http/api-fetch";
import { BeneficiaryStatus } from "./beneficiary-status";

const COLUMNS: Column<BeneficiaryView>[] = [
  {
    id: "label",
    header: "Beneficiary",
    cell: (b) => (
      <Link href={`/beneficiaries/${b.id}`} className="font-medium text-slate-900 underline" data-testid="beneficiary-link">
        {b.label}
      </Link>
    ),
    sortValue: (b) => b.label.toLowerCase(),
  },
  { id: "payee", header: "Bank or wallet", cell: (b) => <span>{b.network ? `${b.methodName} · ${b.network}` : b.methodName} <span className="font-mono">{b.account}</span></span> },
  { id: "receiver", header: "Receiver", cell: (b) => b.receiverName ?? "—" },
  { id: "credential", header: "Credential", cell: (b) => `${b.merchantName} · ${b.region}` },
  { id: "status", header: "Status", cell: (b) => <BeneficiaryStatus b={b} /> },
];

/** Saved beneficiaries: search by name or the account's last digits, filter by status, keyset "Load more". */
export function BeneficiariesList({ canAdd }: { canAdd: boolean }) {
  const [draft, setDraft] = useState({ q: "", status: "", archived: "false" });
  const [applied, setApplied] = useState(draft);
  const query = new URLSearchParams(Object.entries(applied).filter(([, v]) => v !== ""));
  const list = useInfiniteQuery({
    queryKey: ["beneficiaries", query.toString()],
    initialPageParam: "",
    queryFn: ({ pageParam }) => apiFetch<BeneficiaryPage>(`/api/beneficiaries?${query.toString()}${pageParam ? `&cursor=${pageParam}` : ""}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <div className="space-y-4">
      <form
        role="search"
        className="flex flex-col gap-2 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        <label className="flex-1 text-sm">
          <span className="block font-medium text-slate-800">Search</span>
          <input id="beneficiary-q" type="search" className={inputClass} name="q" placeholder="Name, receiver or last digits of the account" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-800">Status</span>
          <select className={inputClass} name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">Any</option>
            <Options items={BENEFICIARY_STATUSES.map((s) => [s, BENEFICIARY_STATUS_WORDS[s]])} />
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-800">Show</span>
          <select className={inputClass} name="archived" value={draft.archived} onChange={(e) => setDraft({ ...draft, archived: e.target.value })}>
            <option value="false">In use</option>
            <option value="true">Archived</option>
          </select>
        </label>
        <button type="submit" className={secondaryButtonClass}>
          Search
        </button>
        {canAdd ? (
          <Link href="/beneficiaries/new" className={buttonClass}>
            Add beneficiary
          </Link>
        ) : null}
      </form>
      <DataTable
        label="Beneficiaries"
        columns={COLUMNS}
        rows={list.data?.pages.flatMap((p) => p.items)}
        rowKey={(b) => b.id}
        loading={list.isPending}
        error={list.error ? list.error.message : null}
        empty={applied.q || applied.status ? "No beneficiary matches this search." : "No saved beneficiaries yet."}
        hasMore={list.hasNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        loadingMore={list.isFetchingNextPage}
        rowTestId="beneficiary-row"
      />
    </div>
  );
}
