"use client";

import Link from "next/link";
import { useState } from "react";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";
import { TimeText } from "@/components/ui/time-text";
import type { CallbackLogItem } from "@/lib/callbacks/callback-log-view";
import { resolveCallbackSchema } from "@/lib/callbacks/log-schemas";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";

/** One callback: what it said, what became of it, what it changed; an admin's re-apply and resolve. */
export function CallbackEntry({ cb, onChanged }: { cb: CallbackLogItem; onChanged: () => void | Promise<void> }) {
  const { confirm, dialog } = useConfirm();
  const [said, setSaid] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  // The order's own page, which everyone who reads the callback log may open (admins read it without money controls).
  const orderHref = cb.order ? `/${cb.order.type}s/${cb.order.id}` : null;

  const reapply = async () => {
    const ok = await confirm({
      title: "Re-apply this callback?",
      body: "The app asks the gateway (inquiry-status) about the order and moves it only to what the gateway says; the callback's body is not trusted. An order already final stays as it is.",
      confirmLabel: "Ask the gateway and apply",
    });
    if (!ok) return;
    try {
      const { reapplied } = await apiFetch<{ reapplied: { result: string; status: string } }>(`/api/callbacks/${cb.id}/reapply`, { method: "POST" });
      setSaid(reapplied.result === "unchanged" ? `Nothing changed: the order is ${reapplied.status}.` : `Done: the order is ${reapplied.status}.`);
      await onChanged();
    } catch (e) {
      setSaid(e instanceof ApiError ? e.message : "Re-applying failed.");
    }
  };
  const resolve = async () => {
    const parsed = resolveCallbackSchema.safeParse({ note });
    if (!parsed.success) return setNoteError(parsed.error.issues[0]?.message ?? "Check the note");
    setNoteError(null);
    const ok = await confirm({
      title: "Resolve this conflict?",
      body: "Once every conflict of the order is resolved, its flag is cleared: it leaves “Needs a person” and reconciliation may ask about it again. Its status does not change. Your note is kept in the audit log.",
      confirmLabel: "Resolve",
    });
    if (!ok) return;
    try {
      const { resolved } = await apiFetch<{ resolved: { openConflicts: number } }>(`/api/callbacks/${cb.id}/resolve`, { body: parsed.data });
      setSaid(resolved.openConflicts > 0 ? `Resolved. The order stays flagged: ${resolved.openConflicts} more conflict${resolved.openConflicts === 1 ? "" : "s"} to resolve.` : "Resolved. The order's flag is cleared.");
      await onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.fields?.note) setNoteError(e.fields.note);
      else setSaid(e instanceof ApiError ? e.message : "Resolving failed.");
    }
  };

  return (
    <li className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="callback-entry">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="font-mono text-xs text-slate-500">#{cb.id}</span>
        <span className={`rounded px-2 py-0.5 text-xs font-medium ${OUTCOME_TONE[cb.outcome] ?? "bg-slate-100 text-slate-800"}`}>{cb.outcome}</span>
        <TimeText at={cb.receivedAt} />
        <span className="font-mono break-all">{cb.orderNo ?? "—"}</span>
        {orderHref ? (
          <Link className="underline" href={orderHref}>
            {cb.order?.type} {cb.order?.status}
            {cb.order?.flagged ? " · flagged" : ""}
          </Link>
        ) : null}
        <span className="text-slate-500">{cb.merchantName ?? "no credential"}</span>
        <span className="text-slate-500">from {cb.remoteIp ?? "?"}</span>
        {cb.duplicates > 0 ? <span className="text-slate-500">+{cb.duplicates} duplicates</span> : null}
      </div>
      {cb.error || cb.reviewReason ? <p className="text-sm text-amber-900">{cb.reviewReason ?? cb.error}</p> : null}
      {cb.resolvedAt ? (
        <p className="text-sm text-emerald-900">
          Resolved by {cb.resolvedBy ?? "?"} (<TimeText at={cb.resolvedAt} />): {cb.resolutionNote}
        </p>
      ) : null}
      {cb.changed.length > 0 ? (
        <ul className="text-sm text-slate-700">
          {cb.changed.map((c, i) => (
            <li key={i}>
              {c.from === c.to ? `noted on ${c.to}` : `${c.from ?? "?"} → ${c.to}`} ({c.source}) {c.note ? `· ${c.note}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">Changed nothing.</p>
      )}
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-600">Headers and raw body</summary>
        <pre className="mt-1 max-w-full overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">{JSON.stringify(cb.headers, null, 2)}</pre>
        <pre className="mt-1 max-w-full overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">{cb.rawBody}</pre>
      </details>
      {cb.canReapply || cb.canResolve ? (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
          {cb.canReapply ? (
            <button type="button" className={secondaryButtonClass} onClick={reapply}>
              Re-apply
            </button>
          ) : null}
          {cb.canResolve ? (
            <>
              <Field id={`note-${cb.id}`} label="Resolution note" error={noteError ?? undefined}>
                <input id={`note-${cb.id}`} className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={!!noteError} />
              </Field>
              <button type="button" className={buttonClass} onClick={resolve}>
                Resolve conflict
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {said ? (
        <p role="status" className="text-sm text-slate-800">
          {said}
        </p>
      ) : null}
      {dialog}
    </li>
  );
}

const OUTCOME_TONE: Record<string, string> = {
  applied: "bg-emerald-100 text-emerald-900",
  confirming: "bg-sky-100 text-sky-900",
  conflict: "bg-amber-100 text-amber-900",
  forged: "bg-red-100 text-red-900",
  stale: "bg-red-100 text-red-900",
  invalid: "bg-red-100 text-red-900",
  replayed: "bg-red-100 text-red-900",
};
