import "server-only";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { beneficiaries } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { isUniqueViolation, pgConstraint } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { maskAccount } from "@/lib/orders/mask";
import { selectBeneficiaries, toBeneficiaryView, type BeneficiaryView } from "./beneficiary-view";

export type BeneficiaryRecord = typeof beneficiaries.$inferSelect;

/** Only the merchants the user may see: none at all when the scope is empty (fails closed). */
export async function scopeCondition(ctx: Ctx): Promise<SQL | undefined> {
  const scope = await merchantScope(ctx.db, ctx.user);
  if (scope === null) return undefined;
  return inArray(beneficiaries.merchantId, scope.length > 0 ? scope : [-1]);
}

/** The row, locked for the caller's transaction, inside the user's merchants; 404 otherwise (never "not yours"). */
export async function lockBeneficiaryRow(ctx: Ctx, id: number): Promise<BeneficiaryRecord> {
  const [row] = await ctx.db
    .select()
    .from(beneficiaries)
    .where(and(eq(beneficiaries.id, id), await scopeCondition(ctx)))
    .for("update");
  if (!row) throw new AppError("not_found", "No such beneficiary.");
  return row;
}

export async function readBeneficiary(ctx: Ctx, id: number): Promise<BeneficiaryView> {
  const [row] = await selectBeneficiaries(ctx.db).where(and(eq(beneficiaries.id, id), await scopeCondition(ctx)));
  if (!row) throw new AppError("not_found", "No such beneficiary.");
  return toBeneficiaryView(ctx, row);
}

/** What the audit log keeps of a beneficiary: no whole account or tax number. */
export function auditFacts(b: Pick<BeneficiaryRecord, "label" | "region" | "paymentMethod" | "cashAccount" | "status" | "merchantId">) {
  return { label: b.label, credentialId: b.merchantId, region: b.region, method: b.paymentMethod, account: maskAccount(b.cashAccount), status: b.status };
}

/** A second live beneficiary for the same person and credential is refused by the database: say so on the field. */
export function duplicateRefusal(e: unknown): AppError | null {
  if (!isUniqueViolation(e) || pgConstraint(e) !== "beneficiaries_merchant_key_live") return null;
  return new AppError("conflict", "This credential already has a saved beneficiary for this account.", {
    account: "Already saved as a beneficiary of this credential: find it in the list",
  });
}
