"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Field, buttonClass, inputClass } from "@/components/ui/field";
import { apiFetch, applyFieldErrors } from "@/lib/http/api-fetch";
import type { OrderStory } from "@/lib/orders/get-order-story";
import { orderNoteSchema, revealSchema, type OrderNoteInput, type RevealInput } from "@/lib/orders/schemas";
import { CopyButton } from "./copy-button";
import { customerSummary } from "./customer-summary";

type Order = OrderStory["order"];

export function CustomerSummaryButton({ order, outcome }: { order: Order; outcome: OrderStory["outcome"] }) {
  const text = customerSummary(order, outcome);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium">Summary for the customer</summary>
      <p className="mt-1 rounded bg-slate-50 p-2" data-testid="customer-summary">{text}</p>
      <CopyButton text={text} name="summary for the customer" />
    </details>
  );
}

/** How long a revealed value stays on screen before the mask comes back. */
export const REVEAL_SHOWN_MS = 60_000;

/**
 * A masked value (account, tax number) with Reveal when allowed: a reason first (audited, on the timeline), then the
 * whole value takes the mask's place, with a copy button, for a minute; then the mask is back.
 */
export function RevealableValue({ order, field, masked, canReveal, onRevealed }: {
  order: Order;
  field: RevealInput["field"];
  masked: string | null;
  canReveal: boolean;
  /** After a reveal: the page is read again (the reveal is on the timeline). */
  onRevealed: () => void;
}) {
  const [shown, setShown] = useState<{ value: string; until: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const label = field === "account" ? "account" : "tax number";
  useEffect(() => {
    if (!shown) return;
    const t = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= shown.until) setShown(null);
    }, 1_000);
    return () => clearInterval(t);
  }, [shown]);
  const testId = field === "account" ? "order-account" : "order-tax-number";
  if (shown) {
    return (
      <>
        <span className="font-mono" data-testid={testId} data-revealed="true">
          <span data-testid={`revealed-${field}`}>{shown.value}</span>
        </span>
        <CopyButton text={shown.value} name={label} />
        <button type="button" className="ml-1 rounded border px-1.5 text-xs text-slate-700 hover:bg-slate-100" onClick={() => setShown(null)}>
          Hide
        </button>
        <span className="ml-1 text-xs text-slate-500" data-testid={`reveal-hides-${field}`}>
          hides again in {Math.max(0, Math.ceil((shown.until - now) / 1000))} s
        </span>
      </>
    );
  }
  return (
    <>
      <span className="font-mono" data-testid={testId}>
        {masked ?? "—"}
      </span>
      {masked && canReveal ? (
        <RevealForm
          order={order}
          field={field}
          onRevealed={(value) => {
            const at = Date.now();
            setNow(at);
            setShown({ value, until: at + REVEAL_SHOWN_MS });
            onRevealed();
          }}
        />
      ) : null}
    </>
  );
}

/** Reveal one masked value: a reason first, written to the audit log and shown on the timeline. */
function RevealForm({ order, field, onRevealed }: { order: Order; field: RevealInput["field"]; onRevealed: (value: string) => void }) {
  const [open, setOpen] = useState(false);
  const { register, handleSubmit, setError, formState } = useForm<RevealInput>({ resolver: zodResolver(revealSchema), defaultValues: { field, reason: "" } });
  const label = field === "account" ? "account" : "tax number";
  if (!open)
    return (
      <button type="button" className="ml-1 rounded border px-1.5 text-xs text-slate-700 hover:bg-slate-100" onClick={() => setOpen(true)}>
        Reveal
      </button>
    );
  return (
    <form
      className="mt-1 space-y-1"
      noValidate
      aria-label={`Reveal the ${label}`}
      onSubmit={handleSubmit(async (v) => {
        try {
          const res = await apiFetch<{ value: string }>(`/api/orders/${order.type}/${order.id}/reveal`, { body: v });
          setOpen(false);
          onRevealed(res.value);
        } catch (e) {
          if (!applyFieldErrors(e, setError)) setError("root", { message: e instanceof Error ? e.message : "Refused" });
        }
      })}
    >
      <Field id={`reveal-reason-${field}`} label={`Why do you need the whole ${label}? (audited)`} error={formState.errors.reason?.message}>
        <input id={`reveal-reason-${field}`} className={inputClass} {...register("reason")} />
      </Field>
      {formState.errors.root ? <p role="alert" className="text-xs text-red-700">{formState.errors.root.message}</p> : null}
      <button type="submit" className={buttonClass} disabled={formState.isSubmitting}>
        Reveal {label}
      </button>
    </form>
  );
}

export function NoteForm({ order, onSaved }: { order: Order; onSaved: () => void }) {
  const { register, handleSubmit, setError, reset, formState } = useForm<OrderNoteInput>({ resolver: zodResolver(orderNoteSchema), defaultValues: { note: "" } });
  return (
    <form
      className="space-y-2"
      noValidate
      aria-label="Add an internal note"
      onSubmit={handleSubmit(async (v) => {
        try {
          await apiFetch(`/api/orders/${order.type}/${order.id}/notes`, { body: v });
          reset({ note: "" });
          onSaved();
        } catch (e) {
          if (!applyFieldErrors(e, setError)) setError("note", { message: e instanceof Error ? e.message : "Could not save the note" });
        }
      })}
    >
      <Field id="note" label="Internal note (staff only)" error={formState.errors.note?.message}>
        <textarea id="note" rows={2} className={inputClass} {...register("note")} />
      </Field>
      <button type="submit" className={buttonClass} disabled={formState.isSubmitting}>
        Add note
      </button>
    </form>
  );
}
