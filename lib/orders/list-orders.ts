import "server-only";
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { merchantScope } from "@/lib/auth/merchant-scope";
import { getRegion } from "@/lib/smilepayz/regions";
import { parseMajorAmount } from "@/lib/smilepayz/regions/money";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";
import { encodeCursor, type InstantIdKey } from "@/lib/validation/paging";
import { kindOf, type AnyKind, type KindRows } from "./kinds";
import type { OrderPage } from "./order-view";
import type { OrderType } from "@/lib/order-status/transitions";

/** A list's filter, as either kind's list schema gives it (a field the kind's schema lacks is never set). */
export interface OrderListFilter {
  region?: string;
  status?: string;
  credentialId?: number;
  from?: string;
  to?: string;
  tz?: string;
  q?: string;
  /** Pay-ins: the payment method. */
  method?: string;
  /** Pay-outs: the creator, and amounts in the filtered region's ordinary units. */
  createdBy?: number;
  minAmount?: string;
  maxAmount?: string;
  cursor?: InstantIdKey;
  limit: number;
  order?: "newest" | "oldest";
}

/** The WHERE part that keeps a user inside their merchants (null scope = all; empty = nothing). */
export function scopeFilter(kind: Pick<AnyKind, "table">, scope: number[] | null): SQL | undefined {
  return scope ? inArray(kind.table.merchantId, scope.length ? scope : [-1]) : undefined;
}

function amountBound(text: string | undefined, f: OrderListFilter, field: "minAmount" | "maxAmount"): bigint | undefined {
  if (!text) return undefined;
  if (!f.region) throw new AppError("invalid_input", "Some fields need attention.", { [field]: "Choose a region to filter by amount" });
  const parsed = parseMajorAmount(text, getRegion(f.region as Parameters<typeof getRegion>[0]));
  if (!parsed.ok) throw new AppError("invalid_input", "Some fields need attention.", { [field]: parsed.error });
  return parsed.minor;
}

/** The WHERE of a filtered list (and of its CSV export), inside the user's merchants. */
export function filterWhere(kind: Pick<AnyKind, "table">, f: OrderListFilter, scope: number[] | null): SQL | undefined {
  const t = kind.table;
  const min = amountBound(f.minAmount, f, "minAmount");
  const max = amountBound(f.maxAmount, f, "maxAmount");
  return and(
    scopeFilter(kind, scope),
    f.region ? sql`${t.region} = ${f.region}` : undefined,
    f.status ? sql`${t.status} = ${f.status}` : undefined,
    f.method ? eq(t.paymentMethod, f.method.toUpperCase()) : undefined,
    f.credentialId ? eq(t.merchantId, f.credentialId) : undefined,
    f.createdBy ? eq(t.createdBy, f.createdBy) : undefined,
    f.from ? gte(t.createdAt, startOfDay(f.from, f.tz)) : undefined,
    // `to` is inclusive: everything before the next midnight (the viewer's, else UTC).
    f.to ? lt(t.createdAt, startOfNextDay(f.to, f.tz)) : undefined,
    min !== undefined ? gte(t.amountMinor, min) : undefined,
    max !== undefined ? lte(t.amountMinor, max) : undefined,
    // Ids in any case (read out over the phone): upper() of both sides, on the upper() indexes.
    f.q ? or(sql`upper(${t.orderNo}) = ${f.q.toUpperCase()}`, sql`upper(${t.tradeNo}) = ${f.q.toUpperCase()}`) : undefined,
  );
}

/** One keyset page, newest first (created_at desc, id desc) or oldest first (the approvals queue), after the cursor. */
export async function orderPageRows<K extends OrderType>(
  ctx: Ctx, kind: AnyKind<K>, where: SQL | undefined, after: InstantIdKey | undefined, limit: number, order: "newest" | "oldest" = "newest",
): Promise<{ rows: KindRows[K][]; next: InstantIdKey | null }> {
  const t = kind.table;
  const oldest = order === "oldest";
  const past = after ? sql`(${t.createdAt}, ${t.id}) ${sql.raw(oldest ? ">" : "<")} (${after.at}::timestamptz, ${after.id})` : undefined;
  const by = oldest ? [asc(t.createdAt), asc(t.id)] : [desc(t.createdAt), desc(t.id)];
  const rows = await kind.find(ctx.db, and(where, past), by, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { at: last.createdAtKey, id: last.p.id } : null };
}

/** One order of a kind inside the user's scope, as a view row; null when it does not exist or is out of scope. */
export async function loadOrderRow<K extends OrderType>(ctx: Ctx, kind: AnyKind<K>, scope: number[] | null, id: number): Promise<KindRows[K] | null> {
  const rows = await kind.find(ctx.db, and(eq(kind.table.id, id), scopeFilter(kind, scope)), [], 1);
  return rows[0] ?? null;
}

/** Orders of a kind the user may see, filtered, a page at a time. Accounts masked unless the role may see them. */
export async function listOrders<K extends OrderType>({ ctx, kind: type, input }: { ctx: Ctx; kind: K; input: OrderListFilter }): Promise<OrderPage<K>> {
  const kind = kindOf(type);
  const scope = await merchantScope(ctx.db, ctx.user);
  const { rows, next } = await orderPageRows(ctx, kind, filterWhere(kind, input, scope), input.cursor, input.limit, input.order);
  return { items: rows.map((r) => kind.toView(ctx, r)), nextCursor: next ? encodeCursor(next) : null };
}
