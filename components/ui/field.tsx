import type { ReactNode } from "react";

/** A labelled form field with its field-level error, linked for screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
  after,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
  /** Shown below the error (a preview, a balance line): the error stays right under its input. */
  after?: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700" data-field-error={id}>
          {error}
        </p>
      ) : null}
      {after}
    </div>
  );
}

export const inputClass =
  "block w-full rounded border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-slate-500 focus:outline-none focus:ring-1 focus:ring-slate-500 aria-[invalid=true]:border-red-600";

export const buttonClass =
  "inline-flex items-center justify-center rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-50";

export const secondaryButtonClass =
  "inline-flex items-center justify-center rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-50";
