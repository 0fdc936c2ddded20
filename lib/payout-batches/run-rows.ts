import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payoutReruns, payouts } from "@/db/schema";
import { outcomesOf } from "@/lib/orders/final-events";
import { maskAccount } from "@/lib/orders/mask";
import type { OrderOutcome } from "@/lib/orders/outcome";
import { getRegion } from "@/lib/smilepayz/regions";
import { minorToDecimal } from "@/lib/smilepayz/regions/money";

/** The statuses of a row that failed (the progress bar's "failed"): no money went out; paying it again is safe. */
export const FAILED_ROW_STATUSES = ["FAILED", "NOT_ACCEPTED", "EXPIRED"] as const;

/** One row of a run with what became of it: its input cells, its ids, its status and why it ended so. */
export interface RunRow {
  payoutId: number;
  /** The row's number in the run (file order, from 1). */
  row: number;
  region: (typeof payouts.$inferSelect)["region"];
  method: string;
  account: string;
  /** Ordinary units as a file would hold them ("1500.00"). */
  amount: string;
  amountMinor: bigint;
  currency: string;
  purpose: string;
  receiverName: string | null;
  taxNumber: string | null;
  network: string | null;
  orderNo: string;
  tradeNo: string | null;
  status: string;
  outcome: OrderOutcome | null;
  finalAt: Date | null;
  /** The pay-out that paid this row again (a new run), if any. */
  paidAgainBy: { payoutId: number; batchId: number } | null;
}

/**
 * A run's rows in file order, with outcomes. `only` keeps some statuses; `unmasked` false masks the account and
 * tax number (in the words too), as the viewer's role requires.
 */
export async function runRows(db: DbOrTx, batchId: number, opts: { unmasked: boolean; only?: readonly string[] }): Promise<RunRow[]> {
  const all = await db
    .select({ p: payouts, again: payoutReruns.newPayoutId, againBatch: payoutReruns.toBatchId })
    .from(payouts)
    .leftJoin(payoutReruns, eq(payoutReruns.failedPayoutId, payouts.id))
    .where(and(eq(payouts.batchId, batchId), opts.only ? inArray(payouts.status, opts.only as never[]) : undefined))
    .orderBy(asc(payouts.id));
  // Row numbers are file order over the whole run, whatever `only` keeps.
  const ids = opts.only
    ? (await db.select({ id: payouts.id }).from(payouts).where(eq(payouts.batchId, batchId)).orderBy(asc(payouts.id))).map((r) => r.id)
    : all.map((r) => r.p.id);
  const rowOf = new Map(ids.map((id, i) => [id, i + 1]));
  const outcomes = await outcomesOf(
    db,
    "payout",
    all.map(({ p }) => ({ id: p.id, type: "payout" as const, status: p.status, orderNo: p.orderNo, tradeNo: p.tradeNo, rejectReason: p.rejectReason, secrets: [p.cashAccount, p.taxNumber] })),
    opts.unmasked,
  );
  const mask = (v: string | null) => (opts.unmasked ? v : maskAccount(v));
  return all.map(({ p, again, againBatch }) => ({
    payoutId: p.id,
    row: rowOf.get(p.id) ?? 0,
    region: p.region,
    method: p.paymentMethod,
    account: mask(p.cashAccount) ?? "",
    amount: minorToDecimal(p.amountMinor, getRegion(p.region).amount.minorDigits),
    amountMinor: p.amountMinor,
    currency: p.currency,
    purpose: p.purpose,
    receiverName: p.receiverName,
    taxNumber: mask(p.taxNumber),
    network: p.network,
    orderNo: p.orderNo,
    tradeNo: p.tradeNo,
    status: p.status,
    outcome: outcomes.get(p.id) ?? null,
    finalAt: p.finalAt,
    paidAgainBy: again !== null && againBatch !== null ? { payoutId: again, batchId: againBatch } : null,
  }));
}
