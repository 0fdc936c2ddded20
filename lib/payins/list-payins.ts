import "server-only";
import { and, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { payins } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { merchantScope } from "@/lib/merchants/merchant-scope";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";
import { encodeCursor, type InstantIdKey } from "@/lib/validation/paging";
import { payinRowsQuery, payinScopeFilter, toPayinView, type PayinRow } from "./payin-rows";
import type { PayinPage } from "./payin-view";
import type { listPayinsSchema } from "./schemas";

export type ListPayinsFilter = z.output<typeof listPayinsSchema>;

const pageKey = (r: Pick<PayinRow, "createdAtKey" | "p">): InstantIdKey => ({ at: r.createdAtKey, id: r.p.id });

export function payinFilterWhere(f: ListPayinsFilter, scope: number[] | null): SQL | undefined {
  return and(
    payinScopeFilter(scope),
    f.region ? eq(payins.region, f.region) : undefined,
    f.status ? eq(payins.status, f.status) : undefined,
    f.method ? eq(payins.paymentMethod, f.method.toUpperCase()) : undefined,
    f.credentialId ? eq(payins.merchantId, f.credentialId) : undefined,
    f.from ? gte(payins.createdAt, startOfDay(f.from, f.tz)) : undefined,
    f.to ? lt(payins.createdAt, startOfNextDay(f.to, f.tz)) : undefined,
    // Ids in any case (read out over the phone): upper() of both sides, on the upper() indexes.
    f.q ? or(sql`upper(${payins.orderNo}) = ${f.q.toUpperCase()}`, sql`upper(${payins.tradeNo}) = ${f.q.toUpperCase()}`) : undefined,
  );
}

/** One keyset page, newest first (created_at desc, id desc), after the cursor. */
export async function payinPageRows(ctx: Ctx, where: SQL | undefined, after: InstantIdKey | undefined, limit: number) {
  const past = after ? sql`(${payins.createdAt}, ${payins.id}) < (${after.at}::timestamptz, ${after.id})` : undefined;
  const rows = await payinRowsQuery(ctx.db)
    .where(and(where, past))
    .orderBy(desc(payins.createdAt), desc(payins.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? pageKey(last) : null };
}

/** Pay-ins the user may see, filtered, a page at a time. */
export async function listPayins({ ctx, input }: { ctx: Ctx; input: ListPayinsFilter }): Promise<PayinPage> {
  const scope = await merchantScope(ctx.db, ctx.user);
  const { rows, next } = await payinPageRows(ctx, payinFilterWhere(input, scope), input.cursor, input.limit);
  return { items: rows.map((r) => toPayinView(ctx, r)), nextCursor: next ? encodeCursor(next) : null };
}
