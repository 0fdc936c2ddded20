import { beneficiaryPayIssue, payBeneficiarySchema } from "@/lib/beneficiaries/schemas";
import { createPayoutSchema, type CreatePayout } from "@/lib/payouts/schemas";
import { BATCH_COLUMNS, PAYEE_COLUMNS, payoutDuplicateKey, type BatchCells, type BatchColumn } from "./columns";
import type { ParsedRow } from "./parse-file";

/** A good row's pay-out; `beneficiaryId` when its payee was copied from a saved beneficiary. */
export type RunPayout = CreatePayout & { beneficiaryId?: number };

/**
 * The server's answer for a row's beneficiaryId: the payee's fields copied from it as it is now, or why it cannot be
 * paid. The browser has none: its beneficiary rows are checked for shape only and priced by the server.
 */
export type BeneficiaryLookup = (id: number) => { payee: Record<string, unknown> } | { error: string };

export interface CheckedRow {
  row: number;
  cells: BatchCells;
  /** By column, in plain words; `_row` for the whole row. Empty: the row is good. */
  errors: Partial<Record<BatchColumn | "_row", string>>;
  /** The canonical pay-out (amount as bigint minor units) when the row is good (and, by beneficiary, looked up). */
  value?: RunPayout;
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
  /** Good rows naming a beneficiary that no lookup priced (the browser's check): not in `totals`. */
  unpriced: number;
}

/** A cell a spreadsheet would run as a formula (CSV injection): refused, whatever the column. */
const FORMULA = /^[=+\-@\t\r]/;

type Errors = CheckedRow["errors"];
type Issue = { path: readonly PropertyKey[]; message: string };
const blank = (v: string | undefined) => (v ?? "").trim() === "";

function put(errors: Errors, issues: readonly Issue[], say: (col: string, message: string) => [string, string] | null = (c, m) => [c, m]) {
  for (const i of issues) {
    const col = String(i.path[0] ?? "_row");
    const said = col === "_row" ? ([col, i.message] as [string, string]) : say(col, i.message);
    if (said) errors[said[0] as BatchColumn | "_row"] ??= said[1];
  }
}

/** A typed row: the payee's columns, the amount and the rest, through createPayoutSchema. */
function typedRow(cells: BatchCells, credentialId: number, errors: Errors): RunPayout | undefined {
  const parsed = createPayoutSchema.safeParse({ ...cells, credentialId });
  if (parsed.success) return parsed.data;
  put(errors, parsed.error.issues);
  return undefined;
}

/**
 * A row naming a beneficiaryId: the payee's columns empty (else one or the other), the by-id schema's fields, then
 * (with a lookup) the beneficiary's payee copied and checked again by createPayoutSchema with the row's amount.
 */
function beneficiaryRow(cells: BatchCells, credentialId: number, errors: Errors, lookup?: BeneficiaryLookup): RunPayout | "unpriced" | undefined {
  if (PAYEE_COLUMNS.some((c) => !blank(cells[c]))) {
    errors.beneficiaryId = `Give a beneficiaryId or the payee's columns (${PAYEE_COLUMNS.join(", ")}), not both: empty one or the other`;
  }
  const own = { amount: cells.amount, purpose: cells.purpose, orderNo: cells.orderNo };
  const asked = payBeneficiarySchema.safeParse({ credentialId, beneficiaryId: cells.beneficiaryId, ...own });
  if (!asked.success) put(errors, asked.error.issues);
  if (!asked.success || Object.keys(errors).length > 0) return undefined;
  if (!lookup) return "unpriced";
  const found = lookup(asked.data.beneficiaryId);
  if ("error" in found) {
    errors.beneficiaryId = found.error;
    return undefined;
  }
  const parsed = createPayoutSchema.safeParse({ ...found.payee, ...own, credentialId });
  if (parsed.success) return { ...parsed.data, beneficiaryId: asked.data.beneficiaryId };
  put(errors, parsed.error.issues, beneficiaryPayIssue);
  return undefined;
}

/**
 * Every row through createPayoutSchema (the form's and the API's one schema, with the region files' rules), plus
 * what only a file has: formulas in cells, orderNo twice, the same pay-out twice (flagged, not refused). A row with
 * a beneficiaryId is paid to that saved beneficiary (`lookup`: the server's; without it such rows are unpriced).
 */
export function checkRows(rows: readonly ParsedRow[], credentialId: number, lookup?: BeneficiaryLookup): CheckResult {
  const orderNos = new Map<string, number>();
  const seen = new Map<string, number>();
  const totals = new Map<string, { count: number; total: bigint }>();
  let badCount = 0;
  let unpriced = 0;
  const out = rows.map((r): CheckedRow => {
    const checked: CheckedRow = { row: r.row, cells: r.cells, errors: {} };
    if (r.rowError) checked.errors._row = r.rowError;
    else {
      for (const c of BATCH_COLUMNS) {
        if (FORMULA.test((r.cells[c] ?? "").trimStart()) && !(c === "amount" && /^-\d/.test(r.cells[c] ?? ""))) {
          checked.errors[c] = "Starts like a spreadsheet formula (= + - @): type the value itself";
        }
      }
      const v = blank(r.cells.beneficiaryId) ? typedRow(r.cells, credentialId, checked.errors) : beneficiaryRow(r.cells, credentialId, checked.errors, lookup);
      if (v === "unpriced") unpriced += Object.keys(checked.errors).length === 0 ? 1 : 0;
      else if (v && Object.keys(checked.errors).length === 0) {
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
    unpriced,
    totals: [...totals].map(([currency, t]) => ({ currency, count: t.count, totalMinor: t.total.toString() })),
  };
}
