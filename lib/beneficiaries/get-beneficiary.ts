import "server-only";
import { and, desc, eq, or } from "drizzle-orm";
import { beneficiaries, payouts } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { getRegion } from "@/lib/smilepayz/regions";
import { formatMoney, statusWord } from "@/lib/words";
import { toBeneficiaryView, selectBeneficiaries, type BeneficiaryView } from "./beneficiary-view";
import { scopeCondition } from "./load-beneficiary";

export interface BeneficiaryPayout {
  id: number;
  orderNo: string;
  amountDisplay: string;
  status: string;
  statusWords: string;
  /** Paid by picking this beneficiary (else typed in, to the same person: same beneficiary key). */
  byId: boolean;
  createdAt: string;
}

export interface BeneficiaryDetail {
  beneficiary: BeneficiaryView;
  payouts: BeneficiaryPayout[];
}

/**
 * One beneficiary with its latest pay-outs: those paid by its id, and those typed in to the same person (the same
 * credential and beneficiary key, the key the approval threshold counts by), newest first.
 */
export async function getBeneficiary({ ctx, id }: { ctx: Ctx; id: number }): Promise<BeneficiaryDetail> {
  const [row] = await selectBeneficiaries(ctx.db).where(and(eq(beneficiaries.id, id), await scopeCondition(ctx)));
  if (!row) throw new AppError("not_found", "No such beneficiary.");
  const b = row.b;
  const region = getRegion(b.region);
  const paid = await ctx.db
    .select({ id: payouts.id, orderNo: payouts.orderNo, amountMinor: payouts.amountMinor, currency: payouts.currency, status: payouts.status, beneficiaryId: payouts.beneficiaryId, createdAt: payouts.createdAt })
    .from(payouts)
    .where(and(eq(payouts.merchantId, b.merchantId), or(eq(payouts.beneficiaryId, b.id), and(eq(payouts.currency, region.currency), eq(payouts.beneficiaryKey, b.beneficiaryKey)))))
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(50);
  return {
    beneficiary: toBeneficiaryView(ctx, row),
    payouts: paid.map((p) => ({
      id: p.id, orderNo: p.orderNo, amountDisplay: formatMoney(p.amountMinor, p.currency), status: p.status,
      statusWords: statusWord("payout", p.status), byId: p.beneficiaryId === b.id, createdAt: p.createdAt.toISOString(),
    })),
  };
}
