import "server-only";
import { eq, sql } from "drizzle-orm";
import { beneficiaries } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { beneficiaryKeyOf } from "@/lib/smilepayz/regions";
import { auditFacts, duplicateRefusal, lockBeneficiaryRow, readBeneficiary, type BeneficiaryRecord } from "./load-beneficiary";
import type { BeneficiaryView } from "./beneficiary-view";
import type { EditBeneficiary } from "./schemas";

/** The bank details a second person verified: any change to one of them needs verifying again. */
function detailsChanged(b: BeneficiaryRecord, input: EditBeneficiary): boolean {
  const now = [b.region, b.paymentMethod, b.cashAccount, b.receiverName, b.taxNumber, b.network];
  const next = [input.region, input.method, input.account, input.receiverName ?? null, input.taxNumber ?? null, input.network ?? null];
  return now.some((v, i) => v !== next[i]);
}

/**
 * Edit a live beneficiary. A new label alone keeps its status; changed bank details (method, account, name, tax
 * number, network) go back to PENDING_VERIFICATION, entered by this person, who then may not verify them.
 */
export async function editBeneficiary({ ctx, id, input }: { ctx: Ctx; id: number; input: EditBeneficiary }): Promise<BeneficiaryView> {
  try {
    await ctx.db.transaction(async (tx) => {
      const t = withDb(ctx, tx);
      const b = await lockBeneficiaryRow(t, id);
      if (b.archivedAt) throw new AppError("conflict", "This beneficiary is archived: add a new one instead.");
      const changed = detailsChanged(b, input);
      if (!changed && b.label === input.label) return;
      const details = changed
        ? {
            region: input.region, paymentMethod: input.method, cashAccount: input.account, receiverName: input.receiverName ?? null,
            taxNumber: input.taxNumber ?? null, network: input.network ?? null, beneficiaryKey: beneficiaryKeyOf(input.region, input),
            status: "PENDING_VERIFICATION" as const, submittedBy: ctx.user.id, verifiedBy: null, verifiedAt: null, rejectedBy: null, rejectReason: null,
          }
        : {};
      const [after] = await tx
        .update(beneficiaries)
        .set({ label: input.label, ...details, version: sql`${beneficiaries.version} + 1`, updatedAt: new Date() })
        .where(eq(beneficiaries.id, id))
        .returning();
      if (!after) throw new AppError("not_found", "No such beneficiary.");
      await writeAudit(tx, auditActor(t), {
        action: changed ? "beneficiary.details_changed" : "beneficiary.renamed",
        targetType: "beneficiary",
        targetId: id,
        before: auditFacts(b),
        after: auditFacts(after),
      });
    });
  } catch (e) {
    throw duplicateRefusal(e) ?? e;
  }
  return readBeneficiary(ctx, id);
}
