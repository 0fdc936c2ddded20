import type { CurrencyTotal } from "@/lib/payout-batches/check-rows";
import type { BatchCells, BatchColumn } from "@/lib/payout-batches/columns";
import type { ParsedRow } from "@/lib/payout-batches/parse-file";

/** Messages between the upload page and its checking worker (check.worker.ts). */
export type CheckRequest =
  | { seq: number; kind: "file"; bytes: ArrayBuffer; credentialId: number; recent: readonly string[] }
  | { seq: number; kind: "rows"; rows: ParsedRow[]; credentialId: number; recent: readonly string[] };

export interface CheckedCells {
  row: number;
  cells: BatchCells;
  errors: Partial<Record<BatchColumn | "_row", string>>;
  sameAs?: number;
  /** Same currency, account and amount as a pay-out of the last 24 hours (GET /api/payout-batches/recent). */
  recent?: boolean;
  currency?: string;
  amountMinor?: string;
}

export type CheckReply =
  | { seq: number; ok: false; message: string }
  /** `unpriced`: good rows naming a saved beneficiary; only the server knows their currency and amount in minor units. */
  | { seq: number; ok: true; rows: CheckedCells[]; badCount: number; totals: CurrencyTotal[]; unpriced: number; ms: number };
