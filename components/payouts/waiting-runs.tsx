"use client";

import Link from "next/link";
import { TimeText } from "@/components/ui/time-text";
import type { WaitingRunView } from "@/lib/payout-batches/batch-view";

/**
 * Runs waiting for approval, in the approvals queue: one item per run with its totals. A run's rows are approved
 * only with the run, on its page (where the approver sees its largest rows and duplicates).
 */
export function WaitingRuns({ runs, isAdmin }: { runs: WaitingRunView[]; isAdmin: boolean }) {
  if (runs.length === 0) return null;
  return (
    <section aria-label="Runs waiting for approval" className="space-y-2">
      <h2 className="text-sm font-semibold text-slate-800">Runs waiting for approval ({runs.length})</h2>
      <ul className="divide-y divide-slate-200 rounded border border-amber-300 bg-white" data-testid="approval-runs">
        {runs.map((r) => (
          <li key={r.id} data-testid="approval-run" className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
            <span className="min-w-0">
              <span className="font-medium text-slate-900">Run {r.id}</span>: <span className="break-all">{r.fileName}</span>
              <span className="block text-slate-600">
                {r.rowCount} pay-outs · {r.totals.map((t) => t.total).join(", ")} · by {r.createdBy?.name ?? "—"} · <TimeText at={r.createdAt} />
              </span>
            </span>
            <Link href={`/payouts/runs/${r.id}`} className="font-medium text-slate-900 underline">
              {r.canApprove ? "Review the run and decide" : isAdmin ? "Open the run" : "Yours: another approver decides"}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
