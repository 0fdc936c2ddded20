import { createPayoutSchema, type CreatePayout } from "@/lib/payouts/schemas";
import { BATCH_COLUMNS, payoutDuplicateKey, type BatchCells, type BatchColumn } from "./columns";
import type { ParsedRow } from "./parse-file";

export interface CheckedRow {
  row: number;
  cells: BatchCells;
  /** By column, in plain words; `_row` for the whole row. Empty: the row is good. */
  errors: Partial<Record<BatchColumn | "_row", string>>;
  /** The canonical pay-out (amount as bigint minor units) when the row is good. */
  value?: CreatePayout;
  /** The row (number) earlier in the file with the same beneficiary (however spelt) and amount. */
  sameAs?: number;
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  /** Decimal string of minor units (bigint does not cross postMessage/JSON everywhere). */
  totalMinor: string;
}

export interface CheckResult {
  rows: CheckedRow[];
  badCount: number;
  totals: CurrencyTotal[];
}

/** A cell a spreadsheet would run as a formula (CSV injection): refused, whatever the column. */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * Every row through createPayoutSchema (the form's and the API's one schema, with the region files' rules), plus
 * what only a file has: formulas in cells, orderNo twice, the same pay-out twice (flagged, not refused).
 */
export function checkRows(rows: readonly ParsedRow[], credentialId: number): CheckResult {
  const orderNos = new Map<string, number>();
  const seen = new Map<string, number>();
  const totals = new Map<string, { count: number; total: bigint }>();
  let badCount = 0;
  const out = rows.map((r): CheckedRow => {
    const checked: CheckedRow = { row: r.row, cells: r.cells, errors: {} };
    if (r.rowError) checked.errors._row = r.rowError;
    else {
      for (const c of BATCH_COLUMNS) {
        if (FORMULA.test((r.cells[c] ?? "").trimStart()) && !(c === "amount" && /^-\d/.test(r.cells[c] ?? ""))) {
          checked.errors[c] = "Starts like a spreadsheet formula (= + - @): type the value itself";
        }
      }
      const parsed = createPayoutSchema.safeParse({ ...r.cells, credentialId });
      if (!parsed.success) {
        for (const i of parsed.error.issues) {
          const col = String(i.path[0] ?? "_row") as BatchColumn | "_row";
          checked.errors[col] ??= i.message;
        }
      } else if (Object.keys(checked.errors).length === 0) {
        const v = parsed.data;
        checked.value = v;
        if (v.orderNo) {
          const first = orderNos.get(v.orderNo);
          if (first !== undefined) checked.errors.orderNo = `Same orderNo as row ${first}: each pay-out needs its own`;
          else orderNos.set(v.orderNo, r.row);
        }
        const key = payoutDuplicateKey(v);
        const first = seen.get(key);
        if (first !== undefined) checked.sameAs = first;
        else seen.set(key, r.row);
      }
    }
    if (Object.keys(checked.errors).length > 0) {
      badCount++;
      delete checked.value;
    } else if (checked.value) {
      const t = totals.get(checked.value.currency) ?? { count: 0, total: 0n };
      t.count++;
      t.total += checked.value.amountMinor;
      totals.set(checked.value.currency, t);
    }
    return checked;
  });
  return {
    rows: out,
    badCount,
    totals: [...totals].map(([currency, t]) => ({ currency, count: t.count, totalMinor: t.total.toString() })),
  };
}
