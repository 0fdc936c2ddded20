"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useDecision } from "@/components/payouts/use-decision";
import { buttonClass, secondaryButtonClass } from "@/components/ui/field";
import { TimeText } from "@/components/ui/time-text";
import { apiFetch } from "@/lib/http/api-fetch";
import type { BatchSummary } from "@/lib/payout-batches/batch-view";
import { approveBatchSchema, cancelBatchSchema, pauseBatchSchema, rejectBatchSchema, resumeBatchSchema } from "@/lib/payout-batches/schemas";
import { RunFailedRows } from "./run-failed-rows";
import { RunProgress } from "./run-progress";
import { totalsText } from "./run-totals";
import { approvalText, RUN_STATUS_WORDS } from "./run-words";

const totals = (b: BatchSummary) => totalsText(b.totals);

/**
 * One run: its progress bar (live: the tab's event stream refetches every ["payouts", …] query), what an approver
 * decides on (totals, largest rows, duplicates), approve with one code, reject, pause, resume, cancel, and the result CSV.
 */
export function RunDetail({ id }: { id: string }) {
  const qc = useQueryClient();
  const key = ["payouts", "batch", id];
  // Row events refetch this live; a pause or resume by someone else changes no row, so a slow refetch shows it too.
  const q = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<{ batch: BatchSummary }>(`/api/payout-batches/${id}`),
    refetchInterval: (query) => (query.state.data?.batch.status === "DISPATCHING" || query.state.data?.batch.status === "PAUSED" ? 10_000 : false),
  });
  const { ask, dialog } = useDecision();
  if (q.isPending) return <p>Loading the run…</p>;
  if (q.error) return <p role="alert">{q.error.message}</p>;
  const b = q.data.batch;
  const done = (r: { batch: unknown }) => {
    void qc.invalidateQueries({ queryKey: key });
    return r;
  };
  const approve = () =>
    ask(
      {
        title: `Approve run ${b.id}`,
        question: `Approve sending ${b.rowCount} pay-outs (${totals(b)}) from “${b.fileName}”? The money leaves the credential's pay-out accounts, row after row.`,
        input: { label: "Your 6-digit authenticator code", kind: "code", schema: approveBatchSchema.shape.code },
        confirmLabel: "Approve and send all",
        tone: "danger",
      },
      async (code) => void done(await apiFetch<{ batch: unknown }>(`/api/payout-batches/${b.id}/approve`, { body: { code, contentHash: b.contentHash } })),
    );
  const reject = () =>
    ask(
      { title: `Reject run ${b.id}`, question: `Reject all ${b.rowCount} pay-outs of this run? Nothing is sent.`, input: { label: "Reason (the creator sees it)", kind: "text", schema: rejectBatchSchema.shape.reason }, confirmLabel: "Reject run", tone: "normal" },
      async (reason) => void done(await apiFetch<{ batch: unknown }>(`/api/payout-batches/${b.id}/reject`, { body: { reason } })),
    );
  const cancel = () =>
    ask(
      {
        title: `Cancel run ${b.id}`,
        question: `Cancel the ${b.progress.waiting} rows not sent yet? They will never be sent; rows already sent (${b.rowCount - b.progress.waiting - b.progress.cancelled}) go on.`,
        input: { label: "Reason (kept in the audit log)", kind: "text", schema: cancelBatchSchema.shape.reason },
        confirmLabel: "Cancel unsent rows",
        dismissLabel: "Keep the run",
        tone: "danger",
      },
      async (reason) => void done(await apiFetch<{ batch: unknown }>(`/api/payout-batches/${b.id}/cancel`, { body: { reason } })),
    );
  const pause = () =>
    ask(
      {
        title: `Pause run ${b.id}`,
        question: `Stop sending this run? The ${b.progress.waiting} rows not sent yet wait until someone resumes it; rows already sent (${b.progress.sent + b.progress.processing}) still go on and settle.`,
        input: { label: "Reason (kept in the audit log)", kind: "text", schema: pauseBatchSchema.shape.reason },
        confirmLabel: "Pause the run",
        dismissLabel: "Keep sending",
        tone: "danger",
      },
      async (reason) => void done(await apiFetch<{ batch: unknown }>(`/api/payout-batches/${b.id}/pause`, { body: { reason } })),
    );
  const resume = () =>
    ask(
      {
        title: `Resume run ${b.id}`,
        question: `Send the ${b.progress.waiting} rows not sent yet, in file order? The money leaves the credential's pay-out accounts as each row is sent.`,
        input: { label: "Reason (kept in the audit log)", kind: "text", schema: resumeBatchSchema.shape.reason },
        confirmLabel: "Resume sending",
        dismissLabel: "Keep it paused",
        tone: "danger",
      },
      async (reason) => void done(await apiFetch<{ batch: unknown }>(`/api/payout-batches/${b.id}/resume`, { body: { reason } })),
    );
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">
          Run {b.id}: <span className="break-all">{b.fileName}</span>
        </h1>
        <span className="rounded bg-slate-100 px-2 py-0.5 text-sm font-medium" data-testid="run-status" data-status={b.status}>
          {RUN_STATUS_WORDS[b.status] ?? b.status}
        </span>
      </div>
      <p className="text-sm text-slate-600">
        {totals(b)}. Created by {b.createdBy?.name ?? "—"} <TimeText at={b.createdAt} />. <span data-testid="run-approval">{approvalText(b)}</span>
      </p>
      <RunProgress progress={b.progress} total={b.rowCount} paused={b.status === "PAUSED"} />
      {b.progress.failed > 0 ? <RunFailedRows id={b.id} /> : null}
      {b.status === "PENDING_APPROVAL" ? <RunReview b={b} /> : null}
      <div className="flex flex-wrap gap-2">
        {b.canApprove ? (
          <>
            <button type="button" className={buttonClass} onClick={approve}>
              Approve run
            </button>
            <button type="button" className={secondaryButtonClass} onClick={reject}>
              Reject run
            </button>
          </>
        ) : null}
        {b.canPause ? (
          <button type="button" className={secondaryButtonClass} onClick={pause}>
            Pause run
          </button>
        ) : null}
        {b.canResume ? (
          <button type="button" className={buttonClass} onClick={resume}>
            Resume run
          </button>
        ) : null}
        {b.canCancel ? (
          <button type="button" className={secondaryButtonClass} onClick={cancel}>
            Cancel unsent rows
          </button>
        ) : null}
        <a className={secondaryButtonClass} href={`/api/payout-batches/${b.id}/result.csv`} download>
          Download result (CSV)
        </a>
      </div>
      {dialog}
    </div>
  );
}

function RunReview({ b }: { b: BatchSummary }) {
  // Amounts are compared within a currency only: 900 USDT is not "larger" than 60,000 THB.
  const currencies = [...new Set(b.largest.map((r) => r.currency))];
  return (
    <section className="grid gap-4 md:grid-cols-2" data-testid="run-review">
      <div className="space-y-2">
        {currencies.map((c) => (
          <div key={c} data-testid={`run-largest-${c}`}>
            <h2 className="mb-1 text-sm font-semibold">Largest {c} rows</h2>
            <ul className="space-y-0.5 text-sm">
              {b.largest
                .filter((r) => r.currency === c)
                .map((r) => (
                  <li key={r.orderNo} data-testid="run-largest-row" data-row={r.row}>
                    Row {r.row}: {r.amount} to {r.account}
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </div>
      <div>
        <h2 className="mb-1 text-sm font-semibold">Possible duplicates ({b.duplicates.length})</h2>
        {b.duplicates.length === 0 ? <p className="text-sm text-slate-600">None.</p> : null}
        <ul className="space-y-0.5 text-sm text-amber-900">
          {b.duplicates.slice(0, 20).map((d) => (
            <li key={d.orderNo}>
              Row {d.row}: {d.amount} to {d.account}: {d.reason}
            </li>
          ))}
        </ul>
        {b.duplicates.length > 20 ? <p className="text-sm text-amber-900">…and {b.duplicates.length - 20} more.</p> : null}
      </div>
    </section>
  );
}
