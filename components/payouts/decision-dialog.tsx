"use client";

import { useEffect, useRef, useState } from "react";
import type { z } from "zod";
import { Field, buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/field";

/** The primary button in red, for actions that move money (the base class's slate background left out). */
export const dangerButtonClass = `${buttonClass.replace("bg-slate-900", "").replace("hover:bg-slate-700", "")} bg-red-700 hover:bg-red-600`;

export interface DecisionRequest {
  title: string;
  /** The consequence in words: "Approve sending 75,000.00 THB to KBANK 1234567890? The money leaves …" */
  question: string;
  input: { label: string; kind: "code" | "text"; schema: z.ZodType<string> };
  confirmLabel: string;
  /** The button that closes the dialog doing nothing ("Cancel" unless that word is the action itself). */
  dismissLabel?: string;
  tone: "danger" | "normal";
}

/**
 * A modal asking for one value before a risky decision: the approver's TOTP code, or a rejection reason. The
 * value is checked with the schema the server parses; the server's answer (wrong code, out of date) shows here.
 */
export function DecisionDialog({
  request,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  request: DecisionRequest;
  pending: boolean;
  error: string | null;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState("");
  const [touched, setTouched] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const parsed = request.input.schema.safeParse(value);
  const message = touched && !parsed.success ? (parsed.error.issues[0]?.message ?? "Check this value") : null;

  useEffect(() => {
    inputRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel]);

  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 p-4 sm:items-center" role="presentation">
      <form
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="decision-title"
        aria-describedby="decision-question"
        className="w-full max-w-md space-y-4 rounded-lg bg-white p-5 shadow-xl"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (parsed.success && !pending) onSubmit(parsed.data);
        }}
      >
        <h2 id="decision-title" className="text-base font-semibold text-slate-900">
          {request.title}
        </h2>
        <p id="decision-question" className="text-sm text-slate-700" data-testid="decision-question">
          {request.question}
        </p>
        <Field id="decision-value" label={request.input.label} error={message ?? undefined}>
          <input
            ref={inputRef}
            id="decision-value"
            className={`${inputClass} ${request.input.kind === "code" ? "font-mono tracking-widest sm:max-w-[10rem]" : ""}`}
            inputMode={request.input.kind === "code" ? "numeric" : undefined}
            autoComplete={request.input.kind === "code" ? "one-time-code" : "off"}
            maxLength={request.input.kind === "code" ? 6 : 500}
            value={value}
            aria-invalid={message ? true : undefined}
            onChange={(e) => setValue(e.target.value)}
            onBlur={() => setTouched(true)}
          />
        </Field>
        {error ? (
          <p role="alert" className="text-sm text-red-700" data-testid="decision-error">
            {error}
          </p>
        ) : null}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <button type="button" className={secondaryButtonClass} onClick={onCancel} disabled={pending}>
            {request.dismissLabel ?? "Cancel"}
          </button>
          <button type="submit" className={request.tone === "danger" ? dangerButtonClass : buttonClass} disabled={pending}>
            {pending ? "Working…" : request.confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
