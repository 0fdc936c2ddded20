import "server-only";
import { eq, sql } from "drizzle-orm";
import { beneficiaries } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { verifyTotpOnce } from "@/lib/auth/verify-totp-once";
import { auditActor, withDb, type Ctx } from "@/lib/context";
import { pgConstraint, pgErrorCode } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { auditFacts, lockBeneficiaryRow, readBeneficiary, type BeneficiaryRecord } from "./load-beneficiary";
import type { BeneficiaryView } from "./beneficiary-view";

export const OWN_DETAILS_MESSAGE = "You entered these bank details: another approver must verify or reject them.";

/** Locked, live, waiting for verification, and not entered by this person (maker-checker). */
async function lockForDecision(ctx: Ctx, id: number): Promise<BeneficiaryRecord> {
  const b = await lockBeneficiaryRow(ctx, id);
  if (b.archivedAt) throw new AppError("conflict", "This beneficiary is archived.");
  if (b.status !== "PENDING_VERIFICATION") throw new AppError("conflict", `This beneficiary is not waiting for verification (it is ${b.status}).`);
  if (b.submittedBy === ctx.user.id) throw new AppError("forbidden", OWN_DETAILS_MESSAGE);
  return b;
}

/**
 * A second person verifies new or changed bank details with their TOTP code (used once, in the same transaction):
 * from then on the beneficiary can be paid by id. Never the person who entered them (here and in the database).
 */
export async function verifyBeneficiary({ ctx, id, input }: { ctx: Ctx; id: number; input: { code: string } }): Promise<BeneficiaryView> {
  try {
    await ctx.db.transaction(async (tx) => {
      const t = withDb(ctx, tx);
      const b = await lockForDecision(t, id);
      if (!(await verifyTotpOnce(tx, ctx.user.id, input.code)).ok) {
        throw new AppError("invalid_input", "Some fields need attention.", { code: "That code is not valid, or was already used. Wait for the next one." });
      }
      const [after] = await tx
        .update(beneficiaries)
        .set({ status: "VERIFIED", verifiedBy: ctx.user.id, verifiedAt: new Date(), version: sql`${beneficiaries.version} + 1`, updatedAt: new Date() })
        .where(eq(beneficiaries.id, id))
        .returning();
      if (!after) throw new AppError("not_found", "No such beneficiary.");
      await writeAudit(tx, auditActor(t), { action: "beneficiary.verified", targetType: "beneficiary", targetId: id, before: auditFacts(b), after: auditFacts(after) });
    });
  } catch (e) {
    if (pgErrorCode(e) === "23514" && pgConstraint(e) === "beneficiaries_verifier_not_submitter") throw new AppError("forbidden", OWN_DETAILS_MESSAGE);
    throw e;
  }
  return readBeneficiary(ctx, id);
}

/** A second person refuses the details, with a reason: it cannot be paid until someone edits it and it is verified. */
export async function rejectBeneficiary({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason: string } }): Promise<BeneficiaryView> {
  await ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    const b = await lockForDecision(t, id);
    const [after] = await tx
      .update(beneficiaries)
      .set({ status: "REJECTED", rejectedBy: ctx.user.id, rejectReason: input.reason, version: sql`${beneficiaries.version} + 1`, updatedAt: new Date() })
      .where(eq(beneficiaries.id, id))
      .returning();
    if (!after) throw new AppError("not_found", "No such beneficiary.");
    await writeAudit(tx, auditActor(t), {
      action: "beneficiary.rejected",
      targetType: "beneficiary",
      targetId: id,
      before: auditFacts(b),
      after: { ...auditFacts(after), reason: input.reason },
    });
  });
  return readBeneficiary(ctx, id);
}

/** Archive: it leaves the list and can no longer be paid by id; its pay-outs keep their link. */
export async function archiveBeneficiary({ ctx, id, input }: { ctx: Ctx; id: number; input: { reason?: string } }): Promise<BeneficiaryView> {
  await ctx.db.transaction(async (tx) => {
    const t = withDb(ctx, tx);
    const b = await lockBeneficiaryRow(t, id);
    if (b.archivedAt) throw new AppError("conflict", "This beneficiary is already archived.");
    await tx
      .update(beneficiaries)
      .set({ archivedAt: new Date(), archivedBy: ctx.user.id, version: sql`${beneficiaries.version} + 1`, updatedAt: new Date() })
      .where(eq(beneficiaries.id, id));
    await writeAudit(tx, auditActor(t), { action: "beneficiary.archived", targetType: "beneficiary", targetId: id, before: auditFacts(b), after: { reason: input.reason ?? null } });
  });
  return readBeneficiary(ctx, id);
}
