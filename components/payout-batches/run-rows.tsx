"use client";

import { BATCH_COLUMNS, type BatchColumn } from "@/lib/payout-batches/columns";
import { inputClass, secondaryButtonClass } from "@/components/ui/field";
import type { CheckedCells } from "./check-protocol";

/** How many problem rows are drawn at once: the rest wait until these are fixed or dropped (the tab stays quick). */
export const SHOWN = 100;

/** A bad row: its cells in place, each wrong one editable with its message under it; Drop removes the row. */
export function BadRow({ r, onEdit, onDrop }: { r: CheckedCells; onEdit: (col: BatchColumn, value: string) => void; onDrop: () => void }) {
  return (
    <li className="rounded border border-red-200 bg-white p-3" data-testid="bad-row" data-row={r.row}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium text-slate-900">Row {r.row}</span>
        <button type="button" className={secondaryButtonClass} onClick={onDrop} aria-label={`Drop row ${r.row}`}>
          Drop row
        </button>
      </div>
      {r.errors._row ? (
        <p className="text-sm text-red-700" data-error-column="_row">
          {r.errors._row}
        </p>
      ) : (
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-3 lg:grid-cols-5">
          {BATCH_COLUMNS.map((c) => {
            const err = r.errors[c];
            const id = `row-${r.row}-${c}`;
            return (
              <div key={c} className="min-w-0 space-y-1">
                <label htmlFor={id} className="block text-xs text-slate-500">
                  {c}
                </label>
                <input
                  id={id}
                  className={`${inputClass} py-1`}
                  defaultValue={r.cells[c] ?? ""}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `${id}-error` : undefined}
                  onBlur={(e) => {
                    if (e.target.value !== (r.cells[c] ?? "")) onEdit(c, e.target.value);
                  }}
                />
                {err ? (
                  <p id={`${id}-error`} className="text-xs text-red-700" data-error-column={c}>
                    {err}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      )}
    </li>
  );
}

/** Rows the same as an earlier one or as a pay-out of the last 24 hours: a warning, kept unless dropped. */
export function DuplicateRow({ r, onDrop }: { r: CheckedCells; onDrop: () => void }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm" data-testid="duplicate-row">
      <span>
        Row {r.row} pays {r.cells.account} {r.cells.amount} {r.currency ?? ""}
        {r.sameAs !== undefined ? ` like row ${r.sameAs}` : ""}
        {r.recent ? `${r.sameAs !== undefined ? " and" : ""} like a pay-out of the last 24 hours` : ""}.
      </span>
      <button type="button" className={secondaryButtonClass} onClick={onDrop}>
        Drop row {r.row}
      </button>
    </li>
  );
}
