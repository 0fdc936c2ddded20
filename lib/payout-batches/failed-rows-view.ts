/** What the run page lists of a run's failed rows (pure types: components import them with `import type`). */
export interface FailedRowView {
  payoutId: number;
  row: number;
  orderNo: string;
  tradeNo: string | null;
  status: string;
  /** "1,500.00 THB" */
  amount: string;
  beneficiary: string | null;
  /** Masked unless the viewer's role sees it whole. */
  account: string;
  purpose: string;
  /** Why it failed, in words (the gateway's reason, or what to ask and quoting what). */
  reason: string;
  finalAt: string | null;
  /** Paid again in a later run: that run and the new pay-out. */
  paidAgainBy: { payoutId: number; batchId: number } | null;
}

export interface FailedRowsView {
  rows: FailedRowView[];
  /** Failed rows not paid again yet: what "pay the failed rows again" would put in a new run. */
  payableAgain: number;
  /** Their totals per currency, e.g. "4,500.00 THB". */
  payableAgainTotals: string[];
  /** The viewer may create runs, and there is something to pay again. */
  canPayAgain: boolean;
}
