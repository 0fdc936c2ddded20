import "server-only";
import { beneficiaries } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { payoutCredential } from "@/lib/payouts/approval-need";
import { beneficiaryKeyOf } from "@/lib/smilepayz/regions";
import { auditFacts, duplicateRefusal, readBeneficiary } from "./load-beneficiary";
import type { BeneficiaryView } from "./beneficiary-view";
import type { CreateBeneficiary } from "./schemas";

/**
 * A new saved beneficiary of a credential the user may use. It waits for a second person (PENDING_VERIFICATION)
 * before it can be paid by id; its key is the pay-outs' beneficiary key, so its pay-outs are found by it.
 */
export async function createBeneficiary({ ctx, input }: { ctx: Ctx; input: CreateBeneficiary }): Promise<BeneficiaryView> {
  const m = await payoutCredential(ctx, input.credentialId);
  const values = {
    merchantId: m.id, label: input.label, region: input.region, paymentMethod: input.method, cashAccount: input.account,
    receiverName: input.receiverName ?? null, taxNumber: input.taxNumber ?? null, network: input.network ?? null,
    beneficiaryKey: beneficiaryKeyOf(input.region, input), status: "PENDING_VERIFICATION" as const,
    createdBy: ctx.user.id, submittedBy: ctx.user.id,
  };
  let id: number;
  try {
    id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(beneficiaries).values(values).returning();
      if (!row) throw new AppError("internal", "The beneficiary could not be stored.");
      await writeAudit(tx, auditActor(withDb(ctx, tx)), { action: "beneficiary.created", targetType: "beneficiary", targetId: row.id, after: auditFacts(row) });
      return row.id;
    });
  } catch (e) {
    throw duplicateRefusal(e) ?? e;
  }
  return readBeneficiary(ctx, id);
}
