import "server-only";
import { and, eq, gt, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { approvalThresholds, merchants, payouts } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { thresholdDisplay } from "@/lib/merchants/schemas";
import { beneficiaryKeyOf, REGIONS } from "@/lib/smilepayz/regions";
import type { CreatePayout } from "./schemas";

/** Pay-outs to one beneficiary within this window count together against the threshold (splitting). */
export const SPLIT_WINDOW_HOURS = 24;
/** Final statuses in which no money left: they do not count towards the beneficiary's recent total. */
const NOT_COUNTED = ["FAILED", "CANCELLED", "REJECTED", "NOT_ACCEPTED"] as const;

export interface Beneficiary {
  credentialId: number;
  currency: string;
  /** The region's beneficiary key (beneficiaryKeyOf): one person however the account or Pix key is spelt. */
  beneficiaryKey: string;
}

/** The beneficiary of a pay-out input (the schema's canonical output) under a credential. */
export function beneficiaryOf(credentialId: number, input: Pick<CreatePayout, "region" | "currency" | "method" | "account" | "taxNumber" | "network">): Beneficiary {
  return { credentialId, currency: input.currency, beneficiaryKey: beneficiaryKeyOf(input.region, input) };
}

export interface ApprovalNeed {
  required: boolean;
  /** In words, for the review step and the creation event. */
  reason: string;
  /** null: no threshold for the currency (every pay-out needs approval). */
  threshold: bigint | null;
  /** What this beneficiary already has (not failed, cancelled, rejected or refused) in the window, before this one. */
  recentTotalMinor: bigint;
}

/**
 * Serialize decisions per beneficiary for the rest of the transaction: two pay-outs to one account created at the
 * same moment would each see the other's total as zero (splitting by racing). The key hashes credential, currency
 * and beneficiary key into pg_advisory_xact_lock's bigint space.
 */
export async function lockBeneficiary(tx: DbOrTx, b: Beneficiary): Promise<void> {
  const key = `payout-beneficiary:${b.credentialId}:${b.currency}:${b.beneficiaryKey}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/**
 * Does a pay-out need a second person? At or above the credential's threshold for the currency, counting the
 * beneficiary's total of the last 24 hours (same credential, currency and beneficiary key, so also through another
 * spelling or Pix key) plus this amount, so four pay-outs just under the threshold are not four auto-approvals.
 * No threshold: always (fail closed).
 */
export async function approvalNeed(db: DbOrTx, b: Beneficiary & { amountMinor: bigint }): Promise<ApprovalNeed> {
  const [t, recent] = await Promise.all([
    db
      .select({ min: approvalThresholds.minAmountMinor })
      .from(approvalThresholds)
      .where(and(eq(approvalThresholds.merchantId, b.credentialId), eq(approvalThresholds.currency, b.currency)))
      .limit(1),
    db
      .select({ total: sql<string>`coalesce(sum(${payouts.amountMinor}), 0)::text` })
      .from(payouts)
      .where(
        and(
          eq(payouts.merchantId, b.credentialId),
          eq(payouts.currency, b.currency),
          eq(payouts.beneficiaryKey, b.beneficiaryKey),
          gt(payouts.createdAt, sql`now() - make_interval(hours => ${SPLIT_WINDOW_HOURS})`),
          notInArray(payouts.status, [...NOT_COUNTED]),
        ),
      ),
  ]);
  const recentTotalMinor = BigInt(recent[0]?.total ?? "0");
  const threshold = t[0]?.min ?? null;
  const region = REGIONS.find((r) => r.currency === b.currency);
  const money = (minor: bigint) => (region ? thresholdDisplay(minor, region) : `${b.currency} ${minor.toString()} (minor units)`);
  if (threshold === null) {
    return {
      required: true,
      threshold,
      recentTotalMinor,
      reason: `This credential has no approval threshold for ${b.currency}, so every pay-out in it needs a second person's approval.`,
    };
  }
  const total = recentTotalMinor + b.amountMinor;
  if (b.amountMinor >= threshold) {
    return { required: true, threshold, recentTotalMinor, reason: `${money(b.amountMinor)} is at or above the approval threshold of ${money(threshold)}: a second person must approve it.` };
  }
  if (total >= threshold) {
    return {
      required: true,
      threshold,
      recentTotalMinor,
      reason:
        `This beneficiary already has ${money(recentTotalMinor)} in pay-outs from this credential in the last ${SPLIT_WINDOW_HOURS} hours; ` +
        `with this one the total is ${money(total)}, at or above the approval threshold of ${money(threshold)}: a second person must approve it.`,
    };
  }
  const earlier = recentTotalMinor > 0n ? ` (with ${money(recentTotalMinor)} to this beneficiary in the last ${SPLIT_WINDOW_HOURS} hours, ${money(total)} in all)` : "";
  return {
    required: false,
    threshold,
    recentTotalMinor,
    reason: `${money(b.amountMinor)}${earlier} is under the approval threshold of ${money(threshold)}: it is sent without a second approval.`,
  };
}

/** The credential a pay-out would use, inside the user's merchants and enabled; a field error otherwise. */
export async function payoutCredential(ctx: Ctx, credentialId: number) {
  const scope = await merchantScope(ctx.db, ctx.user);
  const m = (await ctx.db.select().from(merchants).where(eq(merchants.id, credentialId)).limit(1))[0];
  if (!m || (scope && !scope.includes(m.id))) {
    throw new AppError("invalid_input", "Some fields need attention.", { credentialId: "Choose a merchant credential you may use" });
  }
  if (!m.enabled) throw new AppError("invalid_input", "Some fields need attention.", { credentialId: "This credential is disabled" });
  return m;
}

export interface ApprovalNeedView {
  required: boolean;
  reason: string;
  thresholdMinor: string | null;
  recentTotalMinor: string;
}

/** POST /api/payouts/approval-need: what the review step says, for the form's own input; reads only. */
export async function previewApprovalNeed({ ctx, input }: { ctx: Ctx; input: CreatePayout }): Promise<ApprovalNeedView> {
  const m = await payoutCredential(ctx, input.credentialId);
  const need = await approvalNeed(ctx.db, { ...beneficiaryOf(m.id, input), amountMinor: input.amountMinor });
  return { required: need.required, reason: need.reason, thresholdMinor: need.threshold?.toString() ?? null, recentTotalMinor: need.recentTotalMinor.toString() };
}
