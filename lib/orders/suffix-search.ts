import "server-only";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { auditActor, type Ctx } from "@/lib/context";
import { writeAudit } from "@/lib/audit/write-audit";
import { can } from "@/lib/auth/permissions";
import { MASK_TAIL } from "./mask";

export const SUFFIX_SEARCH_ACTION = "orders.suffix_searched";

/** Why a longer digit string found no account: shown beside the results (ids still match, so no refusal). */
export const SUFFIX_NOTICE =
  `Account numbers, tax numbers and wallets match by their last ${MASK_TAIL} digits only, the digits the mask shows. ` +
  `Type the last ${MASK_TAIL} digits, or ask an admin for the permission to reveal masked values (such searches are audited).`;

/** The digits of `q` when it reads as an account's last digits (4 or more, spaces and dashes ignored); else null. */
export function digitSuffix(q: string | undefined): string | null {
  const digits = (q ?? "").replace(/[\s-]/g, "");
  return /^\d{4,}$/.test(digits) ? digits : null;
}

/** A searched suffix as the audit log keeps it: masked like the values it matches. */
export function maskedDigits(digits: string): string {
  return `${"•".repeat(Math.max(0, digits.length - MASK_TAIL))}${digits.slice(-MASK_TAIL)}`;
}

export interface SuffixRule {
  /** The digits to match at the end of accounts (and wallets, Pix keys); null: match no account. */
  digits: string | null;
  notice: string | null;
}

/**
 * What a digit search may match. A user who sees accounts masked matches only the last 4 (what the mask shows): a
 * longer suffix would rebuild the number one search at a time. With the reveal permission (read fresh) it matches
 * and is audited like a reveal; roles that see accounts whole match freely (nothing to rebuild).
 */
export async function suffixRule(ctx: Ctx, q: string | undefined): Promise<SuffixRule> {
  const digits = digitSuffix(q);
  if (!digits || digits.length <= MASK_TAIL || can(ctx.user.role, "orders.unmasked")) return { digits, notice: null };
  const [me] = await ctx.db.select({ canReveal: users.canReveal }).from(users).where(eq(users.id, ctx.user.id)).limit(1);
  if (!me?.canReveal) return { digits: null, notice: SUFFIX_NOTICE };
  await writeAudit(ctx.db, auditActor(ctx), { action: SUFFIX_SEARCH_ACTION, targetType: "order", after: { searched: maskedDigits(digits), digits: digits.length } });
  return { digits, notice: null };
}
