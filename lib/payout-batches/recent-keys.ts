import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, gt, notInArray, sql } from "drizzle-orm";
import { payouts } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { payoutCredential, SPLIT_WINDOW_HOURS } from "@/lib/payouts/approval-need";
import { duplicateKey } from "./columns";

/** At most this many of the latest pay-outs are compared (a busy credential's day). */
const LIMIT = 50_000;

/**
 * GET /api/payout-batches/recent?credentialId=N: the credential's pay-outs of the last 24 hours (not failed,
 * cancelled, rejected or refused) as SHA-256 of "currency|beneficiaryKey|amountMinor", so the page's check can flag
 * "same beneficiary and amount as a recent pay-out" without the browser receiving anyone's account number.
 */
export async function recentKeys({ ctx, input }: { ctx: Ctx; input: { credentialId: number } }): Promise<{ keys: string[] }> {
  const m = await payoutCredential(ctx, input.credentialId);
  const rows = await ctx.db
    .select({ currency: payouts.currency, beneficiaryKey: payouts.beneficiaryKey, amountMinor: payouts.amountMinor })
    .from(payouts)
    .where(
      and(
        eq(payouts.merchantId, m.id),
        gt(payouts.createdAt, sql`now() - make_interval(hours => ${SPLIT_WINDOW_HOURS})`),
        notInArray(payouts.status, ["FAILED", "CANCELLED", "REJECTED", "NOT_ACCEPTED"]),
      ),
    )
    .orderBy(desc(payouts.id))
    .limit(LIMIT);
  const keys = new Set(rows.map((r) => createHash("sha256").update(duplicateKey(r.currency, r.beneficiaryKey, r.amountMinor)).digest("hex")));
  return { keys: [...keys] };
}
