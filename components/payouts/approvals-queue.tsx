"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable, type Column } from "@/components/ui/data-table";
import { secondaryButtonClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import type { PayoutView } from "@/lib/orders/order-view";
import type { WaitingPage } from "@/lib/payout-batches/list-waiting";
import {
  approveManyRequest,
  approvePayout,
  approvePayouts,
  approveRequest,
  cancelPayout,
  cancelRequest,
  rejectPayout,
  rejectPayouts,
  rejectRequest,
  type BatchResult,
} from "./payout-actions";
import { PAYOUT_COLUMNS } from "./payout-columns";
import { beneficiaryLine } from "./payout-text";
import { dangerButtonClass } from "./decision-dialog";
import { useDecision } from "./use-decision";
import { WaitingRuns } from "./waiting-runs";

// Oldest first: the server's keyset order for the queue, and the table's initial sort too.
const QUEUE_QUERY = "limit=100";

/** What was just decided about one pay-out, in words, with a link to it. */
type Notice = { text: string; payout: PayoutView };

/**
 * What waits for a second person, oldest first; approve or reject one, or a selection with one code. Its creator
 * may cancel their own; an admin (who never approves) may cancel any, with a reason. Runs wait as one item each,
 * decided on the run's page.
 */
export function ApprovalsQueue({ isAdmin = false }: { isAdmin?: boolean }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const client = useQueryClient();
  const { ask, dialog } = useDecision();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [results, setResults] = useState<{ verb: string; results: BatchResult[] } | null>(null);
  const pages = useInfiniteQuery({
    queryKey: ["payouts", "approvals"],
    queryFn: ({ pageParam }) => apiFetch<WaitingPage>(`/api/payouts/waiting?${QUEUE_QUERY}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items).filter((p) => p.status === "PENDING_APPROVAL"), [pages.data]);
  // Oldest first, as on screen; pay-outs the user created themselves are never sent for approval.
  const mine = (rows ?? []).filter((p) => selected.has(p.id) && p.canApprove).sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const done = async (verb: string, r: BatchResult[] | null) => {
    setSelected(new Set());
    if (r) {
      setResults({ verb, results: r });
      setNotice(null);
    } else setResults(null);
    await client.invalidateQueries({ queryKey: ["payouts"] });
  };
  const approveOne = (p: PayoutView) =>
    ask(approveRequest(p), async (code) => {
      await approvePayout(p, code);
      setNotice({ text: `Approved: ${p.amountDisplay} to ${beneficiaryLine(p)} is queued to be sent.`, payout: p });
      await done("approved", null);
    });
  const rejectOne = (p: PayoutView) =>
    ask(rejectRequest(1, `${p.amountDisplay} to ${beneficiaryLine(p)}`), async (reason) => {
      await rejectPayout(p.id, reason);
      setNotice({ text: `Rejected: ${p.amountDisplay} to ${beneficiaryLine(p)} will not be sent.`, payout: p });
      await done("rejected", null);
    });
  const cancelOne = (p: PayoutView) =>
    ask(cancelRequest(p, isAdmin), async (reason) => {
      await cancelPayout(p.id, reason);
      setNotice({ text: `Cancelled: ${p.amountDisplay} to ${beneficiaryLine(p)} will never be sent.`, payout: p });
      await done("cancelled", null);
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
    ...PAYOUT_COLUMNS.filter((c) => c.id !== "status").map((c) => (c.id === "merchant" ? { ...c, header: "Credential" } : c)),
    { id: "purpose", header: "Purpose", cell: (p) => <span className="break-words" data-testid="queue-purpose">{p.purpose}</span> },
    {
      id: "decide",
      header: "Decision",
      cell: (p) => (
        <span className="inline-flex flex-wrap items-center justify-end gap-2 md:justify-start">
          {p.canApprove ? (
            <>
              <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={() => rejectOne(p)}>
                Reject
              </button>
              <button type="button" className={`${dangerButtonClass} px-3 py-1`} onClick={() => approveOne(p)}>
                Approve
              </button>
            </>
          ) : !isAdmin ? (
            <span className="text-xs text-slate-500">Yours: another approver decides</span>
          ) : null}
          {p.canCancel ? (
            <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={() => cancelOne(p)}>
              Cancel
            </button>
          ) : null}
        </span>
      ),
    },
  ];
  const failed = results?.results.filter((r) => !r.ok) ?? [];

  return (
    <div className="space-y-4">
      {notice ? (
        <p role="status" data-testid="decision-notice" className="rounded bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-300">
          {notice.text}{" "}
          <Link href={`/payouts/${notice.payout.id}`} className="font-medium underline">
            Open pay-out {notice.payout.orderNo}
          </Link>
        </p>
      ) : null}
      <WaitingRuns runs={pages.data?.pages[0]?.runs ?? []} isAdmin={isAdmin} />
      <div className={isAdmin ? "hidden" : "flex flex-wrap items-center gap-2"}>
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
        selection={isAdmin ? undefined : { selected, onChange: setSelected, label: (id) => `Select pay-out ${id}` }}
      />
      {dialog}
    </div>
  );
}
