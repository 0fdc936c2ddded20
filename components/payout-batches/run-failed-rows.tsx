"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { buttonClass } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeText } from "@/components/ui/time-text";
import { apiFetch } from "@/lib/http/api-fetch";
import type { FailedRowsView } from "@/lib/payout-batches/failed-rows-view";

/**
 * The rows of a run that failed (failed, refused, expired: no money went out), each with why, a link to its
 * pay-out and the run that paid it again; and "pay the failed rows again as a new run" behind a confirmation that
 * says what happens. The query key sits under ["payouts", …], so the tab's event stream refreshes it live.
 */
export function RunFailedRows({ id }: { id: number }) {
  const qc = useQueryClient();
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const q = useQuery({ queryKey: ["payouts", "batch", String(id), "failed-rows"], queryFn: () => apiFetch<FailedRowsView>(`/api/payout-batches/${id}/failed-rows`) });
  const f = q.data;
  if (!f || f.rows.length === 0) return null;
  const payAgain = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await apiFetch<{ batch: { id: number } }>(`/api/payout-batches/${id}/pay-failed-again`, { body: { expectedRows: f.payableAgain } });
      setAsking(false);
      await qc.invalidateQueries({ queryKey: ["payouts"] });
      router.push(`/payouts/runs/${r.batch.id}`);
    } catch (e) {
      setAsking(false);
      setError(e instanceof Error ? e.message : "Could not create the new run");
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="space-y-3 rounded-lg border border-red-200 bg-red-50/40 p-3" aria-labelledby="failed-rows-title" data-testid="run-failed-rows">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="failed-rows-title" className="text-base font-semibold text-slate-900">
          Failed rows ({f.rows.length}): no money went out for these
        </h2>
        {f.canPayAgain ? (
          <button type="button" className={buttonClass} disabled={busy} onClick={() => setAsking(true)}>
            Pay the {f.payableAgain} failed rows again as a new run
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700" data-testid="pay-again-error">
          {error}
        </p>
      ) : null}
      <ul className="space-y-2">
        {f.rows.map((r) => (
          <li key={r.payoutId} className="rounded border bg-white p-2 text-sm" data-testid="failed-row" data-row={r.row}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">Row {r.row}</span>
              <StatusBadge status={r.status} />
              <span>{r.amount}</span>
              <span className="text-slate-700">
                to {r.beneficiary ? `${r.beneficiary}, ` : ""}
                <span className="font-mono">{r.account}</span>
              </span>
              <span className="text-slate-500">“{r.purpose}”</span>
              <Link href={`/payouts/${r.payoutId}`} className="ml-auto font-mono text-xs underline" data-testid="failed-row-link">
                {r.orderNo}
              </Link>
            </div>
            <p className="mt-1 text-slate-900" data-testid="failed-row-reason">
              {r.reason}
            </p>
            <p className="mt-0.5 text-xs text-slate-600">
              Final <TimeText at={r.finalAt} />
              {r.paidAgainBy ? (
                <>
                  {" · paid again in "}
                  <Link href={`/payouts/runs/${r.paidAgainBy.batchId}`} className="underline" data-testid="failed-row-paid-again">
                    run {r.paidAgainBy.batchId}
                  </Link>
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={asking}
        title="Pay the failed rows again?"
        body={`A new run of ${f.payableAgain} pay-outs (${f.payableAgainTotals.join(", ")}) is made from these rows, each with a new orderNo. It goes through the same checks and approval rule as an uploaded file; once sent, the money leaves the credential's pay-out accounts again for these beneficiaries.`}
        confirmLabel={busy ? "Creating…" : "Create the new run"}
        cancelLabel="Not now"
        tone="danger"
        onCancel={() => setAsking(false)}
        onConfirm={() => void payAgain()}
      />
    </section>
  );
}
