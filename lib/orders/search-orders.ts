import "server-only";
import { and, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { merchants, payins, payouts } from "@/db/schema";
import { getDb, getSearchDb, type DbOrTx } from "@/db";
import { withFlatRows } from "@/db/fast-rows";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import { isBundledSandbox } from "@/lib/merchants/bundled-sandbox";
import { inMerchantScope } from "@/lib/auth/merchant-scope";
import { REGIONS } from "@/lib/smilepayz/regions";
import { maskAccount } from "./mask";
import { startOfDay, startOfNextDay } from "@/lib/validation/dates";
import { encodeCursor } from "@/lib/validation/paging";
import { searchAmountMinor, type OrderSearch } from "./schemas";
import { suffixRule } from "./suffix-search";
import { searchColumns as columns, type SearchKind as Kind, type SearchTable as Table } from "./search-columns";
import { armsFor, prefixRange, textShape } from "./search-arms";

export { textArms, textWhere } from "./search-arms";

const PAGE = 50;

/** Newest first, pay-outs before pay-ins at the same instant, then by id: the cursor continues after the last row. */
function afterCursor(t: Table, kind: Kind, cursorKind: Kind | null): SQL | undefined {
  if (!cursorKind) return undefined;
  const at = sql`${sql.placeholder("cursorAt")}::timestamptz`;
  const id = sql.placeholder("cursorId");
  const tie = kind === "payout" ? (cursorKind === "payout" ? lt(t.id, id) : sql`false`) : cursorKind === "payout" ? undefined : lt(t.id, id);
  return and(sql`${t.createdAt} <= ${at}`, or(sql`${t.createdAt} < ${at}`, tie ?? sql`true`));
}

/** Only one kind asked for: the other table's half of the statement matches nothing (and reads nothing). */
const kindWhere = (type: Kind | undefined, kind: Kind): SQL | undefined => (type && type !== kind ? sql`false` : undefined);

/** The filters other than q (currency, amount, the days): every arm of the search applies those the shape has. */
function filterWhere(t: Table, shape: Shape): SQL | undefined {
  return and(
    shape.currency ? eq(t.currency, sql.placeholder("currency")) : undefined,
    shape.amount ? eq(t.amountMinor, sql.placeholder("amount")) : undefined,
    shape.from ? gte(t.createdAt, sql.placeholder("from")) : undefined,
    shape.to ? lt(t.createdAt, sql.placeholder("to")) : undefined,
  );
}

/**
 * What a search's statement depends on besides its values: its arms, which filters it has, the cursor's kind. One
 * prepared statement per shape and database handle: building the statement (drizzle walking its SQL tree) was a
 * tenth of a search's CPU in the app, every time, for the same text.
 */
interface Shape {
  text: ReturnType<typeof textShape> | null;
  /** q given but no arm can match it (a long digit string without the reveal permission, say): nothing matches. */
  none: boolean;
  wholeName: boolean;
  type: Kind | undefined;
  currency: boolean;
  amount: boolean;
  from: boolean;
  to: boolean;
  cursorKind: Kind | null;
}

function searchValues(uid: number, input: OrderSearch, suffix: string | null) {
  const region = REGIONS.find((r) => r.currency === input.currency);
  const minor = input.amount !== undefined && region ? searchAmountMinor(input.amount, region.amount.minorDigits) : null;
  const q = input.q || undefined;
  const text = q ? textShape(q, suffix) : null;
  const id = q ? prefixRange(q.toUpperCase()) : null;
  const acct = suffix ? prefixRange([...suffix].reverse().join("")) : null;
  const shape: Shape = {
    text,
    none: !!text && !text.idPrefix && !text.suffix && !text.name,
    wholeName: !!text?.name && /\S\s+\S/.test(q ?? ""),
    type: input.type,
    currency: !!input.currency,
    amount: minor !== null,
    from: !!input.from,
    to: !!input.to,
    cursorKind: input.cursor?.kind ?? null,
  };
  const values = {
    uid,
    limit: (input.limit ?? PAGE) + 1,
    idFrom: id?.from ?? null,
    idTo: id?.to ?? null,
    suffixFrom: acct?.from ?? null,
    suffixTo: acct?.to ?? null,
    q: q ?? null,
    currency: input.currency ?? null,
    amount: minor === null ? null : String(minor),
    from: input.from ? startOfDay(input.from, input.tz).toISOString() : null,
    to: input.to ? startOfNextDay(input.to, input.tz).toISOString() : null,
    cursorAt: input.cursor?.at ?? null,
    cursorId: input.cursor?.id ?? null,
  };
  return { shape, values };
}

/**
 * The statement: both tables' pages (each newest first, one row past the page) in a UNION ALL, the merchant scope
 * read inside it, and of their union the newest (pay-outs before pay-ins at the same microsecond, then by id) up
 * to one row past the page. The page's ids first (the filters, the order, one row past the page: only id and
 * created_at are read per match), then its columns for those rows alone: a prefix or a name matches thousands, and
 * projecting, joining and sorting every whole row cost ten times the search. Each way q can match (an id prefix, an account suffix, a
 * name) is its own arm, newest first and one row past the page by its own index (index-only: the indexes carry time,
 * id and merchant), and the page is the newest of their union: an OR of them read every match's row from the table.
 */
function statement(db: DbOrTx, shape: Shape) {
  // The user is bound per search like every other value (the scope itself is read by the statement, as it stands).
  const uid = sql.placeholder("uid") as unknown as number;
  const limit = sql.placeholder("limit");
  const ids = (t: Table, kind: Kind): SQL => {
    const where = (arm?: SQL) => and(inMerchantScope(t.merchantId, uid), arm, filterWhere(t, shape), afterCursor(t, kind, shape.cursorKind), kindWhere(shape.type, kind));
    const newest = (arm: SQL | undefined, name: boolean) =>
      db
        .select({ id: t.id, createdAt: t.createdAt })
        .from(t)
        .where(where(arm))
        // A whole name ("joao silva") is rare: its trigram matches, sorted, always beat walking created_at back (and
        // the planner cannot tell, its statistics know words, not pairs); ordering by an expression says so.
        .orderBy(name && shape.wholeName ? desc(sql`${t.createdAt} + interval '0 second'`) : desc(t.createdAt), desc(t.id))
        .limit(limit);
    if (shape.none) return sql`select ${t.id} from ${t} where false`;
    const arms = shape.text ? armsFor(t, shape.text, {
          idFrom: sql.placeholder("idFrom"),
          idTo: sql.placeholder("idTo"),
          suffixFrom: sql.placeholder("suffixFrom"),
          suffixTo: sql.placeholder("suffixTo"),
          q: sql.placeholder("q"),
        }) : [];
    const union = arms.length ? sql.join(arms.map((a) => sql`(${newest(a.where, a.name)})`), sql` union `) : newest(undefined, false);
    return sql`select "id" from (${union}) as "arms" order by "created_at" desc, "id" desc limit ${limit}`;
  };
  const page = (t: Table, kind: Kind) =>
    db
      .select(columns(t, kind))
      .from(t)
      .innerJoin(merchants, eq(merchants.id, t.merchantId))
      .where(sql`${t.id} in (${ids(t, kind)})`);
  // The page itself is cut here too: each table's half is one row past the page, and where both tables match (last
  // digits, a name) parsing and shaping up to twice the page to drop half of it was a tenth of the app's CPU per search.
  return unionAll(page(payouts, "payout"), page(payins, "payin"))
    .orderBy(sql`"created_at" desc`, sql`"kind" desc`, sql`"id" desc`)
    .limit(limit);
}

const prepared = new WeakMap<DbOrTx, Map<string, ReturnType<ReturnType<typeof statement>["prepare"]>>>();
function preparedStatement(db: DbOrTx, shape: Shape) {
  const key = JSON.stringify(shape);
  let byShape = prepared.get(db);
  if (!byShape) prepared.set(db, (byShape = new Map()));
  let p = byShape.get(key);
  if (!p) byShape.set(key, (p = withFlatRows(statement(db, shape).prepare(`search_orders_${byShape.size}`))));
  return p;
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
 * statement (see `statement`), prepared once per shape, which also merges the two tables' pages in order.
 */
export async function searchPage(ctx: Ctx, input: OrderSearch, suffix: string | null) {
  const limit = input.limit ?? PAGE;
  const show = can(ctx.user.role, "orders.unmasked");
  const { shape, values } = searchValues(ctx.user.id, input, suffix);
  // A name is common (walk created_at back until 51 match) or rare (its trigram matches, sorted): only a plan made
  // for this very name knows which, so a name search is planned for its values every time; an id or an account is
  // read by index ranges whatever the values, so its statement's generic plan serves every search (getSearchDb).
  const own = ctx.db === getDb();
  const found = shape.text?.name
    ? own
      ? await withFlatRows(statement(getSearchDb("per-search"), shape).prepare("search_orders_name")).execute(values)
      : await ctx.db.transaction(async (tx) => {
          // A caller's own handle (a transaction, a test's database): the same rule by a setting of the transaction.
          await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
          return withFlatRows(statement(tx, shape).prepare("search_orders_name")).execute(values);
        })
    : await preparedStatement(shape.text && own ? getSearchDb("generic") : ctx.db, shape).execute(values);
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  const nextCursor = found.length > limit && last ? encodeCursor({ at: last.at, kind: last.kind, id: last.id }) : null;
  // The badge's answer per credential target, not per row (it parses URLs): a page holds few merchants.
  const bundled = new Map<string, boolean>();
  const isBundled = (r: { environment: (typeof rows)[number]["environment"]; customBaseUrl: string | null }) => {
    const key = `${r.environment} ${r.customBaseUrl ?? ""}`;
    let v = bundled.get(key);
    if (v === undefined) bundled.set(key, (v = isBundledSandbox(r)));
    return v;
  };
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
    bundledSandbox: isBundled(r),
    createdAt: r.createdAt,
  }));
  const q = input.q?.toUpperCase();
  const exactHits = q ? items.filter((i) => i.orderNo.toUpperCase() === q || i.tradeNo?.toUpperCase() === q) : [];
  const exact = exactHits.length === 1 && exactHits[0] ? { type: exactHits[0].type, id: exactHits[0].id } : null;
  return { items, nextCursor, exact };
}
export type OrderSearchResult = Awaited<ReturnType<typeof searchOrders>>;
export type OrderRow = OrderSearchResult["items"][number];
