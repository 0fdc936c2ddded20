import "server-only";
import { and, eq, gt, inArray, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { approvalThresholds, payouts } from "@/db/schema";
import { beneficiaryOf, SPLIT_WINDOW_HOURS } from "@/lib/payouts/approval-need";
import type { CreatePayout } from "@/lib/payouts/schemas";

const NOT_COUNTED = ["FAILED", "CANCELLED", "REJECTED", "NOT_ACCEPTED"] as const;

/**
 * A run is one unit for maker-checker: it waits for a second person when, in any currency, there is no threshold
 * (fail closed), one row is at or above it, the run's total is, or a beneficiary's last 24 hours plus all its rows in
 * the run are (splitting a payment over rows, or over a run and single pay-outs, counts together).
 */
export async function batchApprovalNeed(db: DbOrTx, credentialId: number, rows: readonly CreatePayout[]): Promise<{ required: boolean; reason: string }> {
  const byCurrency = new Map<string, { total: bigint; max: bigint; accounts: Map<string, bigint> }>();
  for (const r of rows) {
    const c = byCurrency.get(r.currency) ?? { total: 0n, max: 0n, accounts: new Map<string, bigint>() };
    c.total += r.amountMinor;
    if (r.amountMinor > c.max) c.max = r.amountMinor;
    // Keyed by beneficiary, not spelling: one wallet in three letter cases, one receiver through five Pix keys.
    const key = beneficiaryOf(credentialId, r).beneficiaryKey;
    c.accounts.set(key, (c.accounts.get(key) ?? 0n) + r.amountMinor);
    byCurrency.set(r.currency, c);
  }
  const reasons: string[] = [];
  for (const [currency, c] of byCurrency) {
    const t = (
      await db
        .select({ min: approvalThresholds.minAmountMinor })
        .from(approvalThresholds)
        .where(and(eq(approvalThresholds.merchantId, credentialId), eq(approvalThresholds.currency, currency)))
        .limit(1)
    )[0];
    if (!t) {
      reasons.push(`no approval threshold for ${currency}`);
      continue;
    }
    if (c.max >= t.min) reasons.push(`a ${currency} row is at or above the threshold`);
    else if (c.total >= t.min) reasons.push(`the ${currency} total is at or above the threshold`);
    else {
      const recent = await db
        .select({ account: payouts.beneficiaryKey, total: sql<string>`sum(${payouts.amountMinor})::text` })
        .from(payouts)
        .where(
          and(
            eq(payouts.merchantId, credentialId),
            eq(payouts.currency, currency),
            inArray(payouts.beneficiaryKey, [...c.accounts.keys()]),
            gt(payouts.createdAt, sql`now() - make_interval(hours => ${SPLIT_WINDOW_HOURS})`),
            notInArray(payouts.status, [...NOT_COUNTED]),
          ),
        )
        .groupBy(payouts.beneficiaryKey);
      if (recent.some((r) => BigInt(r.total) + (c.accounts.get(r.account) ?? 0n) >= t.min)) {
        reasons.push(`a ${currency} beneficiary's last ${SPLIT_WINDOW_HOURS} hours plus this run reach the threshold`);
      }
    }
  }
  return reasons.length > 0
    ? { required: true, reason: `Waits for a second person: ${reasons.join("; ")}.` }
    : { required: false, reason: "Every currency's total is under its approval threshold: sent without a second approval." };
}
