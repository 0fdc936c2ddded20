import "server-only";
import { and, asc, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { payouts } from "@/db/schema";
import type { Ctx } from "@/lib/api/context";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { getRegion } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { payoutRowsQuery, scopeFilter, toPayoutView, type PayoutRow } from "./payout-rows";
import type { PayoutPage } from "./payout-view";
import type { listPayoutsSchema } from "./schemas";
import type { z } from "zod";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";

export type ListPayoutsFilter = z.output<typeof listPayoutsSchema>;

const CURSOR_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)\|(\d{1,15})$/;

export function encodeCursor(r: Pick<PayoutRow, "createdAtKey" | "p">): string {
  return Buffer.from(`${r.createdAtKey}|${r.p.id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { at: string; id: number } {
  const m = CURSOR_RE.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m?.[1] || !m[2]) throw new AppError("invalid_input", "Some fields need attention.", { cursor: "This cursor is not valid: start from the first page" });
  return { at: m[1], id: Number(m[2]) };
}

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
    f.from ? gte(payouts.createdAt, startOfDay(f.from)) : undefined,
    // `to` is inclusive: everything before the next midnight (UTC).
    f.to ? lt(payouts.createdAt, startOfNextDay(f.to)) : undefined,
    min !== undefined ? gte(payouts.amountMinor, min) : undefined,
    max !== undefined ? lte(payouts.amountMinor, max) : undefined,
    // Ids in any case (read out over the phone): upper() of both sides, on the upper() indexes.
    f.q ? or(sql`upper(${payouts.orderNo}) = ${f.q.toUpperCase()}`, sql`upper(${payouts.tradeNo}) = ${f.q.toUpperCase()}`) : undefined,
  );
}

/** One keyset page, newest first (created_at desc, id desc) or oldest first (the approvals queue), after the cursor. */
export async function payoutPageRows(ctx: Ctx, where: SQL | undefined, cursor: string | undefined, limit: number, order: "newest" | "oldest" = "newest") {
  const after = cursor ? decodeCursor(cursor) : null;
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
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Pay-outs the user may see, filtered, a page at a time. Accounts masked unless the role may see them. */
export async function listPayouts({ ctx, input }: { ctx: Ctx; input: ListPayoutsFilter }): Promise<PayoutPage> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const { rows, nextCursor } = await payoutPageRows(ctx, filterWhere(input, scope), input.cursor, input.limit, input.order);
  return { items: rows.map((r) => toPayoutView(ctx, r)), nextCursor };
}
