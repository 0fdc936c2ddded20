/** What the statement page, the API and the CSV show (components import these with `import type`). */
export interface StatementBalance {
  balanceMinor: string;
  availableMinor: string | null;
  display: string;
  takenAt: string;
}

export interface StatementLine {
  kind: "payout" | "payin";
  status: string;
  /** The status as a person says it. */
  statusWords: string;
  count: number;
  sumMinor: string;
  sumDisplay: string;
}

export interface StatementView {
  credentialId: number;
  credentialName: string;
  currency: string;
  day: string;
  timeZone: "UTC";
  from: string;
  to: string;
  /** The pay-out account's balance at the day's start and end (00:00 UTC snapshots); null when none was taken. */
  opening: StatementBalance | null;
  closing: StatementBalance | null;
  /** Orders created this day, by their status now. */
  lines: StatementLine[];
  totals: { kind: "payout" | "payin"; count: number; sumMinor: string; sumDisplay: string }[];
  /** Money that moved this day: pay-outs paid and pay-ins received (final SUCCESS within the day), whenever created. */
  settled: { payoutsPaidMinor: string; payoutsPaidDisplay: string; payinsReceivedMinor: string; payinsReceivedDisplay: string };
}
