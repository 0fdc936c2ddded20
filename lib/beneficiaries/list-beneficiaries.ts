import "server-only";
import { and, desc, eq, ilike, isNotNull, isNull, like, lt, or, type SQL } from "drizzle-orm";
import { beneficiaries } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { MASK_TAIL } from "@/lib/orders/mask";
import { encodeCursor } from "@/lib/validation/paging";
import { selectBeneficiaries, toBeneficiaryView, type BeneficiaryView } from "./beneficiary-view";
import { scopeCondition } from "./load-beneficiary";
import type { listBeneficiariesSchema } from "./schemas";
import type { z } from "zod";

export interface BeneficiaryPage {
  items: BeneficiaryView[];
  nextCursor: string | null;
}

const likeEscape = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Search: the label or receiver's name (any part, any case), or the account's last digits (a role that sees
 * accounts masked may match only as many as the mask shows).
 */
function searchCondition(ctx: Ctx, q: string): SQL | undefined {
  const words = `%${likeEscape(q)}%`;
  const byText = or(ilike(beneficiaries.label, words), ilike(beneficiaries.receiverName, words));
  const digits = q.replace(/[\s.-]/g, "");
  const mayMatchAccount = /^[A-Za-z0-9]+$/.test(digits) && (can(ctx.user.role, "orders.unmasked") || digits.length <= MASK_TAIL);
  return mayMatchAccount ? or(byText, like(beneficiaries.cashAccount, `%${likeEscape(digits)}`)) : byText;
}

/** The user's merchants' beneficiaries, newest first, one keyset page at a time; archived ones only when asked. */
export async function listBeneficiaries({ ctx, input }: { ctx: Ctx; input: z.output<typeof listBeneficiariesSchema> }): Promise<BeneficiaryPage> {
  const where = and(
    await scopeCondition(ctx),
    input.archived === "true" ? isNotNull(beneficiaries.archivedAt) : isNull(beneficiaries.archivedAt),
    input.status ? eq(beneficiaries.status, input.status) : undefined,
    input.credentialId ? eq(beneficiaries.merchantId, input.credentialId) : undefined,
    input.region ? eq(beneficiaries.region, input.region) : undefined,
    input.q ? searchCondition(ctx, input.q) : undefined,
    input.cursor ? lt(beneficiaries.id, input.cursor.id) : undefined,
  );
  const rows = await selectBeneficiaries(ctx.db).where(where).orderBy(desc(beneficiaries.id)).limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map((r) => toBeneficiaryView(ctx, r)), nextCursor: rows.length > input.limit && last ? encodeCursor({ id: last.b.id }) : null };
}
