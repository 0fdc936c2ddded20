"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { TimeText } from "@/components/ui/time-text";
import { apiFetch } from "@/lib/http/api-fetch";
import type { BatchView } from "@/lib/payout-batches/batch-view";
import { RUN_STATUS_WORDS } from "./run-words";

/** The latest runs, newest first; counts move with the live stream (its refetch of ["payouts", …]). */
export function RunsList() {
  const q = useQuery({ queryKey: ["payouts", "batches"], queryFn: () => apiFetch<{ batches: BatchView[] }>("/api/payout-batches") });
  if (q.isPending) return <p>Loading runs…</p>;
  if (q.error) return <p role="alert">{q.error.message}</p>;
  if (q.data.batches.length === 0) return <p className="text-sm text-slate-600">No runs yet.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="runs-list">
      {q.data.batches.map((b) => (
        <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
          <Link href={`/payouts/runs/${b.id}`} className="min-w-0 font-medium text-slate-900 underline">
            Run {b.id}: <span className="break-all">{b.fileName}</span>
          </Link>
          <span className="text-slate-600">
            <span data-testid="run-list-status" data-status={b.status}>{RUN_STATUS_WORDS[b.status] ?? b.status}</span> · {b.rowCount} rows · {b.totals.map((t) => t.total).join(", ")} · {b.progress.success} paid, {b.progress.failed} failed · <TimeText at={b.createdAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}
