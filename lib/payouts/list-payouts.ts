import "server-only";
import { and, asc, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { payouts } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { getRegion } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { payoutRowsQuery, scopeFilter, toPayoutView, type PayoutRow } from "./payout-rows";
import type { PayoutPage } from "./payout-view";
import type { listPayoutsSchema } from "./schemas";
import type { z } from "zod";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";
import { encodeCursor, type InstantIdKey } from "@/lib/validation/paging";

export type ListPayoutsFilter = z.output<typeof listPayoutsSchema>;

/** The key a page ends on: created_at to the microsecond (as text, a JS Date keeps milliseconds) and id. */
export const pageKey = (r: Pick<PayoutRow, "createdAtKey" | "p">): InstantIdKey => ({ at: r.createdAtKey, id: r.p.id });

function amountBound(text: string | undefined, f: ListPayoutsFilter, field: "minAmount" | "maxAmount"): bigint | undefined {
  if (!text) return undefined;
  if (!f.region) throw new AppError("invalid_input", "Some fields need attention.", { [field]: "Choose a region to filter by amount" });
  const parsed = parseMajorAmount(text, getRegion(f.region));
  if (!parsed.ok) throw new AppError("invalid_input", "Some fields need attention.", { [field]: parsed.error });
  return parsed.minor;
}

/** The WHERE of a filtered list (and of its CSV export), inside the user's merchants. */
export function filterWhere(f: ListPayoutsFilter, scope: number[] | null): SQL | undefined {
  const min = amountBound(f.minAmount, f, "minAmount");
  const max = amountBound(f.maxAmount, f, "maxAmount");
  return and(
    scopeFilter(scope),
    f.region ? eq(payouts.region, f.region) : undefined,
    f.status ? eq(payouts.status, f.status) : undefined,
    f.credentialId ? eq(payouts.merchantId, f.credentialId) : undefined,
    f.createdBy ? eq(payouts.createdBy, f.createdBy) : undefined,
    f.from ? gte(payouts.createdAt, startOfDay(f.from, f.tz)) : undefined,
    // `to` is inclusive: everything before the next midnight (the viewer's, else UTC).
    f.to ? lt(payouts.createdAt, startOfNextDay(f.to, f.tz)) : undefined,
    min !== undefined ? gte(payouts.amountMinor, min) : undefined,
    max !== undefined ? lte(payouts.amountMinor, max) : undefined,
    // Ids in any case (read out over the phone): upper() of both sides, on the upper() indexes.
    f.q ? or(sql`upper(${payouts.orderNo}) = ${f.q.toUpperCase()}`, sql`upper(${payouts.tradeNo}) = ${f.q.toUpperCase()}`) : undefined,
  );
}

/** One keyset page, newest first (created_at desc, id desc) or oldest first (the approvals queue), after the cursor. */
export async function payoutPageRows(ctx: Ctx, where: SQL | undefined, after: InstantIdKey | undefined, limit: number, order: "newest" | "oldest" = "newest") {
  const oldest = order === "oldest";
  const past = after
    ? oldest
      ? sql`(${payouts.createdAt}, ${payouts.id}) > (${after.at}::timestamptz, ${after.id})`
      : sql`(${payouts.createdAt}, ${payouts.id}) < (${after.at}::timestamptz, ${after.id})`
    : undefined;
  const rows = await payoutRowsQuery(ctx.db)
    .where(and(where, past))
    .orderBy(...(oldest ? [asc(payouts.createdAt), asc(payouts.id)] : [desc(payouts.createdAt), desc(payouts.id)]))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? pageKey(last) : null };
}

/** Pay-outs the user may see, filtered, a page at a time. Accounts masked unless the role may see them. */
export async function listPayouts({ ctx, input }: { ctx: Ctx; input: ListPayoutsFilter }): Promise<PayoutPage> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const { rows, next } = await payoutPageRows(ctx, filterWhere(input, scope), input.cursor, input.limit, input.order);
  return { items: rows.map((r) => toPayoutView(ctx, r)), nextCursor: next ? encodeCursor(next) : null };
}
