"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DecisionDialog, type DecisionRequest } from "@/components/payouts/decision-dialog";
import { secondaryButtonClass, buttonClass } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import { PENDING_KIND_LABELS } from "@/lib/pending-changes/kinds";
import { formatDateTime } from "@/lib/words/date-time";
import type { PendingChangeView } from "@/lib/approvals/list-changes";
import { approveChangeSchema, rejectChangeSchema } from "@/lib/approvals/schemas";

type Decision = { change: PendingChangeView; action: "approve" | "reject" };

const when = (iso: string) => formatDateTime(iso);

function requestFor({ change, action }: Decision): DecisionRequest {
  if (action === "approve") {
    return {
      title: "Approve this change?",
      question: `${change.summary}. It takes effect as soon as you approve it, asked for by ${change.requestedBy.email}.`,
      input: { label: "Your 6-digit code", kind: "code", schema: approveChangeSchema.shape.code },
      confirmLabel: "Approve change",
      tone: "danger",
    };
  }
  const own = !change.canApprove;
  return {
    title: own ? "Withdraw your request?" : "Reject this change?",
    question: `${change.summary}. Nothing changes; the request is closed with your reason.`,
    input: { label: "Reason", kind: "text", schema: rejectChangeSchema.shape.reason },
    confirmLabel: own ? "Withdraw" : "Reject change",
    tone: "normal",
  };
}

function ChangeItem({ c, onDecide }: { c: PendingChangeView; onDecide?: (d: Decision) => void }) {
  return (
    <li className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid={`pending-change-${c.id}`}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{PENDING_KIND_LABELS[c.kind]}</p>
      <p className="break-words font-medium text-slate-900" data-testid="change-summary">
        {c.summary}
      </p>
      <p className="break-words text-slate-600">
        Asked by {c.requestedBy.email} · {when(c.requestedAt)}
        {c.carriesSecret ? " · carries secret material (encrypted, never shown)" : ""}
      </p>
      {c.status !== "pending" ? (
        <p className="break-words text-slate-600" data-testid="change-decision">
          {c.status === "approved" ? "Approved" : "Rejected"} by {c.decidedBy?.email ?? "—"}
          {c.decidedAt ? ` · ${when(c.decidedAt)}` : ""}
          {c.reason ? ` · ${c.reason}` : ""}
        </p>
      ) : null}
      {onDecide ? (
        <div className="flex flex-col gap-2 sm:flex-row">
          {c.canApprove ? (
            <button type="button" className={buttonClass} onClick={() => onDecide({ change: c, action: "approve" })}>
              Approve
            </button>
          ) : (
            <p className="self-center text-amber-800" data-testid="own-change">
              You asked for this: another admin must approve it.
            </p>
          )}
          <button type="button" className={secondaryButtonClass} onClick={() => onDecide({ change: c, action: "reject" })}>
            {c.canApprove ? "Reject" : "Withdraw"}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** Changes that weaken a money control, waiting for a second admin; then the latest decisions. */
export function PendingChangesView() {
  const qc = useQueryClient();
  const router = useRouter();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = useQuery({ queryKey: ["pending-changes"], queryFn: () => apiFetch<{ pending: PendingChangeView[]; decided: PendingChangeView[] }>("/api/pending-changes") });
  const decide = useMutation({
    mutationFn: ({ d, value }: { d: Decision; value: string }) =>
      apiFetch<{ summary: string; status: string }>(`/api/pending-changes/${d.change.id}/${d.action}`, {
        body: d.action === "approve" ? { code: value } : { reason: value },
      }),
    onSuccess: async (r) => {
      setDone(`${r.status === "approved" ? "Approved and applied" : "Closed"}: ${r.summary}.`);
      setDecision(null);
      await qc.invalidateQueries({ queryKey: ["pending-changes"] });
      router.refresh(); // the count in the navigation
    },
  });
  const error = decide.error ? (decide.error instanceof ApiError ? (Object.values(decide.error.fields)[0] ?? decide.error.message) : decide.error.message) : null;

  return (
    <div className="space-y-4">
      {done ? (
        <p role="status" className="rounded bg-emerald-50 p-2 text-sm text-emerald-900 ring-1 ring-emerald-300" data-testid="change-decided">
          {done}
        </p>
      ) : null}
      {list.isPending ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {list.error ? <p role="alert" className="text-sm text-red-700">{list.error.message}</p> : null}
      {list.data ? (
        <>
          <section className="space-y-2" aria-labelledby="waiting-title">
            <h2 id="waiting-title" className="font-semibold">
              Waiting ({list.data.pending.length})
            </h2>
            {list.data.pending.length === 0 ? <p className="text-sm text-slate-500">Nothing is waiting.</p> : null}
            <ul className="space-y-2">
              {list.data.pending.map((c) => (
                <ChangeItem key={c.id} c={c} onDecide={(d) => (decide.reset(), setDecision(d))} />
              ))}
            </ul>
          </section>
          {list.data.decided.length > 0 ? (
            <section className="space-y-2" aria-labelledby="decided-title">
              <h2 id="decided-title" className="font-semibold">
                Decided
              </h2>
              <ul className="space-y-2">
                {list.data.decided.map((c) => (
                  <ChangeItem key={c.id} c={c} />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
      {decision ? (
        <DecisionDialog
          request={requestFor(decision)}
          pending={decide.isPending}
          error={error}
          onSubmit={(value) => decide.mutate({ d: decision, value })}
          onCancel={() => setDecision(null)}
        />
      ) : null}
    </div>
  );
}
