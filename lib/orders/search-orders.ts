import "server-only";
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { merchants, payins, payouts } from "@/db/schema";
import type { DbOrTx } from "@/db";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { isBundledSandbox } from "@/lib/merchants/bundled-sandbox";
import { inMerchantScope } from "@/lib/auth/merchant-scope";
import { REGIONS } from "@/lib/smilepayz/regions";
import { maskAccount } from "./mask";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";
import { encodeCursor } from "@/lib/validation/paging";
import { searchAmountMinor, type OrderCursorKey, type OrderSearch } from "./schemas";
import { suffixRule } from "./suffix-search";

const PAGE = 50;
type Table = typeof payouts | typeof payins;
type Kind = "payout" | "payin";

/** The columns each table's search reads (never raw payloads), named alike for both. */
function columns(t: Table, kind: Kind) {
  const out = t === payouts ? payouts : null;
  const pin = t === payins ? payins : null;
  return {
    id: t.id,
    at: sql<string>`to_char(${t.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("at"),
    createdAt: t.createdAt,
    region: t.region,
    orderNo: t.orderNo,
    tradeNo: t.tradeNo,
    status: sql<string>`${t.status}::text`.as("status"),
    amountMinor: t.amountMinor,
    currency: t.currency,
    method: t.paymentMethod,
    account: out ? out.cashAccount : (pin as typeof payins).payerAccountNo,
    name: out ? out.receiverName : (pin as typeof payins).payerName,
    taxNumber: out ? out.taxNumber : sql<string | null>`null`.as("tax_number"),
    merchantName: merchants.name,
    environment: merchants.environment,
    customBaseUrl: merchants.customBaseUrl,
    kind: sql<Kind>`${kind}`.as("kind"),
  };
}

/**
 * What `q` may be, each with its own index (see db/schema/payouts.ts): an id prefix in any case (upper() of both
 * sides: ids are read out over the phone), the account's last digits the suffix rule allows, a folded name.
 */
export function textWhere(t: Table, q: string | undefined, suffix: string | null): SQL | undefined {
  if (!q) return undefined;
  const account = t === payouts ? payouts.cashAccount : payins.payerAccountNo;
  const name = t === payouts ? payouts.receiverNameFolded : payins.payerNameFolded;
  const parts: (SQL | undefined)[] = [];
  if (/^[A-Za-z0-9]+$/.test(q)) {
    const prefix = `${q.toUpperCase()}%`;
    parts.push(sql`upper(${t.orderNo}) like ${prefix}`, sql`upper(${t.tradeNo}) like ${prefix}`);
  }
  if (suffix) parts.push(sql`reverse(${account}) like ${`${[...suffix].reverse().join("")}%`}`);
  if (isNameSearch(q)) parts.push(sql`${name} like '%' || search_fold(${q}) || '%'`);
  return parts.length ? or(...parts) : sql`false`;
}

/** Letters and no digits, 3 or more characters: a name (an id or account has digits). */
const isNameSearch = (q: string | undefined): q is string => !!q && q.length >= 3 && /\p{L}/u.test(q) && !/\d/.test(q);

/** Newest first, pay-outs before pay-ins at the same instant, then by id: the cursor continues after the last row. */
function afterCursor(t: Table, kind: Kind, c: OrderCursorKey | undefined): SQL | undefined {
  if (!c) return undefined;
  const at = sql`${c.at}::timestamptz`;
  const tie = kind === "payout" ? (c.kind === "payout" ? lt(t.id, c.id) : sql`false`) : c.kind === "payout" ? undefined : lt(t.id, c.id);
  return and(sql`${t.createdAt} <= ${at}`, or(sql`${t.createdAt} < ${at}`, tie ?? sql`true`));
}

/** Only one kind asked for: the other table's half of the statement matches nothing (and reads nothing). */
const kindWhere = (input: OrderSearch, kind: Kind): SQL | undefined => (input.type && input.type !== kind ? sql`false` : undefined);

function filterWhere(t: Table, input: OrderSearch, suffix: string | null): SQL | undefined {
  const region = REGIONS.find((r) => r.currency === input.currency);
  const minor = input.amount !== undefined && region ? searchAmountMinor(input.amount, region.amount.minorDigits) : null;
  return and(
    textWhere(t, input.q, suffix),
    input.currency ? eq(t.currency, input.currency) : undefined,
    minor !== null ? eq(t.amountMinor, minor) : undefined,
    input.from ? gte(t.createdAt, startOfDay(input.from, input.tz)) : undefined,
    input.to ? lt(t.createdAt, startOfNextDay(input.to, input.tz)) : undefined,
  );
}

/**
 * GET /api/orders: pay-outs and pay-ins of the merchants the user may see, newest first, by keyset. Accounts and tax
 * numbers are masked unless the role sees them whole; `exact` names the one order whose id equals `q` (open it);
 * `notice` says why a digit string matched no account (lib/orders/suffix-search.ts).
 */
export async function searchOrders({ ctx, input }: { ctx: Ctx; input: OrderSearch }) {
  // A bad cursor was refused by the schema, before the suffix rule writes its audit row.
  const rule = await suffixRule(ctx, input.q);
  return { ...(await searchPage(ctx, input, rule.digits)), notice: rule.notice };
}

/**
 * One page of the search with the suffix rule already applied (and audited) once: the export's pages reuse it. One
 * statement: both tables' pages (each newest first, one row past the page) in a UNION ALL, the merchant scope read
 * inside it; the two pages are merged (sorted) here.
 */
export async function searchPage(ctx: Ctx, input: OrderSearch, suffix: string | null) {
  const limit = input.limit ?? PAGE;
  const cursor = input.cursor;
  const show = can(ctx.user.role, "orders.unmasked");
  // The page's ids first (the filters, the order, one row past the page: only id and created_at are read per match),
  // then its columns for those rows alone: a prefix or a name matches thousands, and projecting, joining and sorting
  // every whole row cost ten times the search.
  const ids = (db: DbOrTx, t: Table, kind: Kind) =>
    db
      .select({ id: t.id })
      .from(t)
      .where(and(inMerchantScope(t.merchantId, ctx.user.id), filterWhere(t, input, suffix), afterCursor(t, kind, cursor), kindWhere(input, kind)))
      // A whole name ("joao silva") is rare: its trigram matches, sorted, always beat walking created_at back (and
      // the planner cannot tell, its statistics know words, not pairs); ordering by an expression says so.
      .orderBy(isNameSearch(input.q) && /\S\s+\S/.test(input.q) ? desc(sql`${t.createdAt} + interval '0 second'`) : desc(t.createdAt), desc(t.id))
      .limit(limit + 1);
  const page = (db: DbOrTx, t: Table, kind: Kind) =>
    db
      .select(columns(t, kind))
      .from(t)
      .innerJoin(merchants, eq(merchants.id, t.merchantId))
      .where(inArray(t.id, ids(db, t, kind)));
  const both = (db: DbOrTx) => unionAll(page(db, payouts, "payout"), page(db, payins, "payin"));
  // A name is common (walk created_at back until 51 match) or rare (its trigram matches, sorted): only a plan made
  // for this very name knows which, so a name search never reuses a generic plan of the prepared statement.
  const merged = isNameSearch(input.q)
    ? await ctx.db.transaction(async (tx) => {
        await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
        return both(tx);
      })
    : await both(ctx.db);
  merged.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.at.localeCompare(a.at) || b.kind.localeCompare(a.kind) || b.id - a.id);
  const rows = merged.slice(0, limit);
  const last = rows.at(-1);
  const nextCursor = merged.length > limit && last ? encodeCursor({ at: last.at, kind: last.kind, id: last.id }) : null;
  const items = rows.map((r) => ({
    type: r.kind,
    id: r.id,
    orderNo: r.orderNo,
    tradeNo: r.tradeNo,
    status: r.status,
    region: r.region,
    amountMinor: r.amountMinor.toString(),
    currency: r.currency,
    method: r.method,
    account: show ? r.account : maskAccount(r.account),
    name: r.name,
    taxNumber: show ? r.taxNumber : maskAccount(r.taxNumber),
    merchantName: r.merchantName,
    environment: r.environment,
    bundledSandbox: isBundledSandbox({ environment: r.environment, customBaseUrl: r.customBaseUrl }),
    createdAt: r.createdAt,
  }));
  const q = input.q?.toUpperCase();
  const exactHits = q ? items.filter((i) => i.orderNo.toUpperCase() === q || i.tradeNo?.toUpperCase() === q) : [];
  const exact = exactHits.length === 1 && exactHits[0] ? { type: exactHits[0].type, id: exactHits[0].id } : null;
  return { items, nextCursor, exact };
}
export type OrderSearchResult = Awaited<ReturnType<typeof searchOrders>>;
export type OrderRow = OrderSearchResult["items"][number];
