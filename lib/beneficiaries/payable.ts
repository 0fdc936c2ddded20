import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "@/db";
import { beneficiaries } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { scopeCondition, type BeneficiaryRecord } from "./load-beneficiary";

/**
 * The one rule of what may be paid by id (a single pay-out by beneficiaryId, a run's beneficiaryId rows): a VERIFIED,
 * live beneficiary of this credential, inside the user's merchants. Missing, other credential's and outside the
 * scope all read the same (never "not yours").
 */
export async function payableBeneficiaries(ctx: Ctx, credentialId: number, ids: readonly number[]): Promise<Map<number, BeneficiaryRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select()
    .from(beneficiaries)
    .where(and(inArray(beneficiaries.id, [...new Set(ids)]), eq(beneficiaries.merchantId, credentialId), await scopeCondition(ctx)));
  return new Map(rows.map((b) => [b.id, b]));
}

/** Why this beneficiary (as read by payableBeneficiaries; undefined: not found) cannot be paid, or null. */
export function whyNotPayable(b: BeneficiaryRecord | undefined): string | null {
  if (!b || b.archivedAt !== null) return "Choose a verified beneficiary of this credential";
  if (b.status !== "VERIFIED") return "This beneficiary's bank details are not verified yet: a second person must verify them first";
  return null;
}

/** The beneficiary's payee as the pay-out schema's fields, as it is now: the pay-out copies it. */
export function payeeOf(b: BeneficiaryRecord) {
  return { region: b.region, method: b.paymentMethod, account: b.cashAccount, receiverName: b.receiverName ?? undefined, taxNumber: b.taxNumber ?? undefined, network: b.network ?? undefined };
}

export const CHANGED = "This beneficiary changed a moment ago: check it and try again";

/**
 * In the creating transaction: each beneficiary still VERIFIED, live and at the version it was read at, locked
 * (share) until commit so no edit, archive or re-verification slips between the read and the pay-out. Returns the
 * ids that changed (empty: all still as read).
 */
export async function lockUnchanged(tx: Tx, seen: readonly Pick<BeneficiaryRecord, "id" | "version">[]): Promise<number[]> {
  if (seen.length === 0) return [];
  const still = await tx
    .select({ id: beneficiaries.id, version: beneficiaries.version })
    .from(beneficiaries)
    .where(and(inArray(beneficiaries.id, [...new Set(seen.map((s) => s.id))]), eq(beneficiaries.status, "VERIFIED"), isNull(beneficiaries.archivedAt)))
    .orderBy(beneficiaries.id)
    .for("share");
  const now = new Map(still.map((s) => [s.id, s.version]));
  return seen.filter((s) => now.get(s.id) !== s.version).map((s) => s.id);
}
