"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { DataTable, type Column } from "@/components/ui/data-table";
import { secondaryButtonClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import type { PayoutPage, PayoutView } from "@/lib/payouts/payout-view";
import {
  approveManyRequest,
  approvePayout,
  approvePayouts,
  approveRequest,
  rejectPayout,
  rejectPayouts,
  rejectRequest,
  type BatchResult,
} from "./payout-actions";
import { PAYOUT_COLUMNS } from "./payout-columns";
import { beneficiaryLine } from "./payout-text";
import { dangerButtonClass } from "./decision-dialog";
import { useDecision } from "./use-decision";

// Oldest first: the server's keyset order for the queue (order=oldest), and the table's initial sort too.
const QUEUE_QUERY = "status=PENDING_APPROVAL&order=oldest&limit=100";

/** What waits for a second person, oldest first; approve or reject one, or a selection with one code. */
export function ApprovalsQueue() {
  const client = useQueryClient();
  const { ask, dialog } = useDecision();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [results, setResults] = useState<{ verb: string; results: BatchResult[] } | null>(null);
  const pages = useInfiniteQuery({
    queryKey: ["payouts", "approvals"],
    queryFn: ({ pageParam }) => apiFetch<PayoutPage>(`/api/payouts?${QUEUE_QUERY}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items).filter((p) => p.status === "PENDING_APPROVAL"), [pages.data]);
  // Oldest first, as on screen; pay-outs the user created themselves are never sent for approval.
  const mine = (rows ?? []).filter((p) => selected.has(p.id) && p.canApprove).sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const done = async (verb: string, r: BatchResult[] | null) => {
    setSelected(new Set());
    if (r) setResults({ verb, results: r });
    await client.invalidateQueries({ queryKey: ["payouts"] });
  };
  const approveOne = (p: PayoutView) =>
    ask(approveRequest(p), async (code) => {
      await approvePayout(p, code);
      await done("approved", null);
    });
  const rejectOne = (p: PayoutView) =>
    ask(rejectRequest(1, `${p.amountDisplay} to ${beneficiaryLine(p)}`), async (reason) => {
      await rejectPayout(p.id, reason);
      await done("rejected", null);
    });
  const approveSelected = () =>
    ask(approveManyRequest(mine), async (code) => {
      const { results: r } = await approvePayouts(mine, code);
      await done("approved", r);
    });
  const rejectSelected = () =>
    ask(rejectRequest(mine.length, `these ${mine.length} pay-outs`), async (reason) => {
      await done("rejected", await rejectPayouts(mine.map((p) => p.id), reason));
    });

  const columns: Column<PayoutView>[] = [
    ...PAYOUT_COLUMNS.filter((c) => c.id !== "status"),
    {
      id: "decide",
      header: "Decision",
      cell: (p) =>
        p.canApprove ? (
          <span className="inline-flex gap-2">
            <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={() => rejectOne(p)}>
              Reject
            </button>
            <button type="button" className={`${dangerButtonClass} px-3 py-1`} onClick={() => approveOne(p)}>
              Approve
            </button>
          </span>
        ) : (
          <span className="text-xs text-slate-500">Yours: another approver decides</span>
        ),
    },
  ];
  const failed = results?.results.filter((r) => !r.ok) ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={dangerButtonClass} disabled={mine.length === 0} onClick={approveSelected}>
          Approve selected ({mine.length})
        </button>
        <button type="button" className={secondaryButtonClass} disabled={mine.length === 0} onClick={rejectSelected}>
          Reject selected ({mine.length})
        </button>
      </div>
      {results ? (
        <div role="status" className="rounded border bg-white p-3 text-sm" data-testid="batch-results">
          {results.results.length - failed.length} {results.verb}
          {failed.length ? `, ${failed.length} not:` : "."}
          {failed.length ? (
            <ul className="mt-1 list-disc pl-5 text-red-700">
              {failed.map((r) => (
                <li key={r.id}>#{r.id}: {r.ok ? "" : r.error.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <DataTable
        label="Pay-outs waiting for approval"
        columns={columns}
        rows={rows}
        rowKey={(p) => p.id}
        rowTestId="approval-row"
        loading={pages.isPending}
        error={pages.error?.message}
        empty="Nothing waits for approval."
        hasMore={pages.hasNextPage}
        onLoadMore={() => void pages.fetchNextPage()}
        loadingMore={pages.isFetchingNextPage}
        initialSort={{ id: "createdAt", dir: "asc" }}
        selection={{ selected, onChange: setSelected, label: (id) => `Select pay-out ${id}` }}
      />
      {dialog}
    </div>
  );
}
