"use client";

import { useMemo, useState, type ReactNode } from "react";
import { secondaryButtonClass } from "./field";

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Makes the header a sort button; sorts the rows loaded so far (the server decides the page order). */
  sortValue?: (row: T) => string | number | bigint;
  className?: string;
}

export interface Selection<K> {
  selected: ReadonlySet<K>;
  onChange: (next: Set<K>) => void;
  /** Label of each row's checkbox, for screen readers and tests. */
  label: (key: K) => string;
}

type SortState = { id: string; dir: "asc" | "desc" } | null;

export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState): T[] {
  const col = sort ? columns.find((c) => c.id === sort.id) : undefined;
  if (!sort || !col?.sortValue) return [...rows];
  const get = col.sortValue;
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

/**
 * The one table of the app: columns as data, loading / error / empty states, keyset "Load more", optional
 * row selection and client-side sorting. Below the md breakpoint each row becomes a stacked card (one DOM, so
 * tests and screen readers see the same rows at 390 and 1440 px).
 */
export function DataTable<T, K extends string | number>({
  label,
  columns,
  rows,
  rowKey,
  loading,
  error,
  empty,
  hasMore,
  onLoadMore,
  loadingMore,
  selection,
  initialSort = null,
  rowTestId = "data-row",
}: {
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[] | undefined;
  rowKey: (row: T) => K;
  loading?: boolean;
  error?: string | null;
  empty: ReactNode;
  hasMore?: boolean;
  onLoadMore?: () => void;
  loadingMore?: boolean;
  selection?: Selection<K>;
  initialSort?: SortState;
  rowTestId?: string;
}) {
  const [sort, setSort] = useState<SortState>(initialSort);
  const sorted = useMemo(() => sortRows(rows ?? [], columns, sort), [rows, columns, sort]);
  const keys = sorted.map(rowKey);
  const allSelected = selection ? keys.length > 0 && keys.every((k) => selection.selected.has(k)) : false;

  const toggleSort = (id: string) =>
    setSort((s) => (s?.id === id ? { id, dir: s.dir === "asc" ? "desc" : "asc" } : { id, dir: "asc" }));
  const toggle = (k: K) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    selection.onChange(next);
  };

  return (
    <div className="space-y-3">
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {selection ? (
        <label className="inline-flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={allSelected}
            onChange={() => selection.onChange(allSelected ? new Set() : new Set(keys))}
          />
          Select all shown
        </label>
      ) : null}
      <div className="md:overflow-x-auto md:rounded-lg md:border md:bg-white md:shadow-sm">
        <table aria-label={label} aria-busy={loading ? true : undefined} className="block w-full text-sm md:table">
          <thead className="sr-only md:not-sr-only md:table-header-group">
            <tr className="border-b text-left text-slate-500">
              {selection ? (
                <th className="w-8 p-2">
                  <span className="sr-only">Selected</span>
                </th>
              ) : null}
              {columns.map((c) => (
                <th key={c.id} scope="col" className={`whitespace-nowrap p-2 font-medium ${c.className ?? ""}`} aria-sort={sortAria(sort, c.id)}>
                  {c.sortValue ? (
                    <button type="button" className="inline-flex items-center gap-1 hover:text-slate-900" onClick={() => toggleSort(c.id)}>
                      {c.header}
                      <span aria-hidden>{sort?.id === c.id ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="block space-y-3 md:table-row-group md:space-y-0">
            {loading && !rows ? (
              <tr className="block md:table-row">
                <td colSpan={columns.length + (selection ? 1 : 0)} className="block p-4 text-slate-500 md:table-cell" data-testid="table-loading">
                  Loading…
                </td>
              </tr>
            ) : null}
            {!loading && rows && rows.length === 0 ? (
              <tr className="block md:table-row">
                <td colSpan={columns.length + (selection ? 1 : 0)} className="block p-4 text-slate-500 md:table-cell" data-testid="table-empty">
                  {empty}
                </td>
              </tr>
            ) : null}
            {sorted.map((row, i) => {
              const k = keys[i] as K;
              return (
                <tr
                  key={k}
                  data-testid={rowTestId}
                  className="block rounded-lg border bg-white p-3 shadow-sm md:table-row md:rounded-none md:border-0 md:border-b md:p-0 md:shadow-none"
                >
                  {selection ? (
                    <td className="block pb-2 md:table-cell md:p-2">
                      <input type="checkbox" aria-label={selection.label(k)} checked={selection.selected.has(k)} onChange={() => toggle(k)} />
                    </td>
                  ) : null}
                  {columns.map((c) => (
                    <td key={c.id} className={`flex items-baseline justify-between gap-3 py-1 md:table-cell md:p-2 md:align-top ${c.className ?? ""}`}>
                      <span className="shrink-0 text-xs font-medium text-slate-500 md:hidden">{c.header}</span>
                      <span className="min-w-0 break-words text-right md:text-left">{c.cell(row)}</span>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {hasMore && onLoadMore ? (
        <button type="button" className={secondaryButtonClass} onClick={onLoadMore} disabled={loadingMore}>
          {loadingMore ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}

function sortAria(sort: SortState, id: string): "ascending" | "descending" | undefined {
  if (sort?.id !== id) return undefined;
  return sort.dir === "asc" ? "ascending" : "descending";
}
