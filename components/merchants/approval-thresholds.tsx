"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";
import type { ApprovalThresholdsView, SetApprovalThresholdsResult } from "@/lib/merchants/approval-thresholds";
import { FOUR_EYES_SENTENCE } from "@/lib/pending-changes/kinds";
import { regionByCurrency } from "@/lib/smilepayz/regions";
import { formatMoneyNumber } from "@/lib/words/money";
import { setApprovalThresholdsSchema, type SetApprovalThresholds, type SetApprovalThresholdsInput } from "@/lib/merchants/schemas";

const url = (id: number) => `/api/merchants/${id}/approval-thresholds`;

/** 5000000 THB -> "50,000.00": the form shows the amount without its currency (the label has it). */
function entryOf(t: { currency: string; minAmountMinor: string | null }): string {
  const region = regionByCurrency(t.currency);
  return t.minAmountMinor === null || !region ? "" : formatMoneyNumber(BigInt(t.minAmountMinor), region);
}

/**
 * Lines for the confirmation: only changes that let more money out without a second person (a threshold raised,
 * or set where there was none). Lowering or removing one only adds approvals, so it needs no question.
 */
function loosened(view: ApprovalThresholdsView, changes: SetApprovalThresholds): string[] {
  return changes.flatMap((c) => {
    const old = view.thresholds.find((t) => t.currency === c.currency)?.minAmountMinor ?? null;
    if (c.minAmountMinor === null || (old !== null && c.minAmountMinor <= BigInt(old))) return [];
    return [`Pay-outs below ${c.display} will be sent without a second approval.`];
  });
}

function ThresholdsForm({ view, onDone }: { view: ApprovalThresholdsView; onDone: (pending?: string) => void }) {
  const qc = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  const { register, handleSubmit, setError, getValues, formState } = useForm<SetApprovalThresholdsInput, unknown, SetApprovalThresholds>({
    resolver: zodResolver(setApprovalThresholdsSchema),
    defaultValues: Object.fromEntries(view.thresholds.map((t) => [t.currency, entryOf(t)])),
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (changes) => {
    setFormError(null);
    const lines = loosened(view, changes);
    if (
      lines.length > 0 &&
      !(await confirm({
        title: "Fewer pay-outs will need a second person",
        body: (
          <>
            <ul className="list-disc space-y-1 pl-5" data-testid="threshold-consequences">
              {lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
            <p className="mt-2 font-medium" data-testid="four-eyes">
              {FOUR_EYES_SENTENCE}
            </p>
          </>
        ),
        confirmLabel: "Ask another admin",
        tone: "danger",
      }))
    ) {
      return;
    }
    try {
      const saved = await apiFetch<SetApprovalThresholdsResult>(url(view.credentialId), { method: "PUT", body: getValues() });
      qc.setQueryData(["approval-thresholds", view.credentialId], saved);
      onDone(saved.pendingChange?.message);
    } catch (e) {
      if (!applyFieldErrors(e, setError)) setFormError(e instanceof Error ? e.message : "Could not save");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Approval thresholds">
      {dialog}
      <p className="text-xs text-slate-500">Pay-outs at or above the amount wait for a second person. Leave a field empty: every pay-out in that currency needs approval.</p>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {view.thresholds.map((t) => {
          const id = `threshold-${view.credentialId}-${t.currency}`;
          const error = errors[t.currency]?.message;
          return (
            <Field key={t.currency} id={id} label={`${t.currency} threshold`} error={error}>
              <input id={id} inputMode="decimal" autoComplete="off" className={inputClass} aria-invalid={!!error} placeholder="No threshold" {...register(t.currency)} />
            </Field>
          );
        })}
      </div>
      {formError ? <p role="alert" className="text-sm text-red-700">{formError}</p> : null}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : "Save thresholds"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The maker-checker thresholds of one credential, with an Edit form. */
export function ApprovalThresholds({ credentialId }: { credentialId: number }) {
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState<string | null>(null);
  const q = useQuery({ queryKey: ["approval-thresholds", credentialId], queryFn: () => apiFetch<ApprovalThresholdsView>(url(credentialId)) });
  return (
    <section className="space-y-2 border-t border-slate-100 pt-3" data-testid="approval-thresholds" aria-labelledby={`thresholds-${credentialId}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={`thresholds-${credentialId}`} className="text-sm font-medium">
          Approval thresholds
        </h3>
        {q.data && !editing ? (
          <button type="button" className={`${secondaryButtonClass} ml-auto`} onClick={() => setEditing(true)}>
            Edit thresholds
          </button>
        ) : null}
      </div>
      {q.error ? <p role="alert" className="text-sm text-red-700">{q.error.message}</p> : null}
      {q.isPending ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {q.data && editing ? (
        <ThresholdsForm
          view={q.data}
          onDone={(p) => {
            setPending(p ?? null);
            setEditing(false);
          }}
        />
      ) : null}
      {pending && !editing ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-300" data-testid="pending-change-notice">
          {pending} <a className="underline" href="/changes">Pending changes</a>
        </p>
      ) : null}
      {q.data && !editing ? (
        <ul className="space-y-1 text-sm">
          {q.data.thresholds.map((t) => (
            <li key={t.currency} data-testid={`threshold-${t.currency}`} className="break-words">
              {t.display ? (
                <>
                  <span className="font-medium tabular-nums">{t.display}</span> and above need a second person
                </>
              ) : (
                <span className="text-amber-700">{t.currency}: no threshold, every pay-out needs approval</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
