import "server-only";
import { and, eq, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins, payouts } from "@/db/schema";
import type { OrderType } from "@/lib/order-status/transitions";
import type { OrderState } from "./decide";

/**
 * What the decision needs (decide.ts), plus the row and the platform key of the credential that signs for it. Not
 * the whole credential row: decoding its columns on every callback cost more than the lookup itself.
 */
export interface FoundOrder extends OrderState {
  id: number;
  merchantRowId: number;
  platformPublicKey: string;
}

interface Lookup {
  tradeNo: string;
  orderNo: string;
  /** The wire merchantId when the body carries one: then only that credential's orders match. */
  merchantId: string | null;
}

/**
 * The orders a callback may be about, not locked (a forged callback must cost no lock and no transaction):
 * pay-outs first, then pay-ins; a tradeNo match before an orderNo match. Without a merchantId an orderNo can
 * match several credentials' orders; the caller keeps the one whose platform key verifies the signature.
 */
export async function findCallbackOrders(db: DbOrTx, q: Lookup): Promise<FoundOrder[]> {
  const out = await candidates(db, "payout", q);
  return out.length > 0 ? out : candidates(db, "payin", q);
}

/** The verified order again, locked FOR UPDATE, inside the transaction that decides and applies the callback. */
export async function lockCallbackOrder(tx: DbOrTx, order: Pick<FoundOrder, "type" | "id">): Promise<FoundOrder | null> {
  const t = order.type === "payout" ? payouts : payins;
  const rows = await select(tx, order.type).where(eq(t.id, order.id)).for("update", { of: t });
  return rows[0] ? { ...rows[0], type: order.type } : null;
}

function select(db: DbOrTx, type: OrderType) {
  const t = type === "payout" ? payouts : payins;
  return db
    .select({
      id: t.id,
      status: t.status,
      orderNo: t.orderNo,
      tradeNo: t.tradeNo,
      amountMinor: t.amountMinor,
      currency: t.currency,
      region: t.region,
      merchantRowId: t.merchantId,
      platformPublicKey: merchants.platformPublicKey,
    })
    .from(t)
    .innerJoin(merchants, eq(merchants.id, t.merchantId))
    .$dynamic();
}

/**
 * The candidates' query of one order type, with or without the wire merchantId, built once per database handle and
 * then only executed (drizzle's prepared query: its text and parameter slots are kept; building a select with a
 * join for every callback was a measurable share of the route's JavaScript).
 */
function candidatesQuery(db: DbOrTx, type: OrderType, byMerchant: boolean) {
  const t = type === "payout" ? payouts : payins;
  return select(db, type)
    .where(and(or(eq(t.tradeNo, sql.placeholder("tradeNo")), eq(t.orderNo, sql.placeholder("orderNo"))), byMerchant ? eq(merchants.merchantId, sql.placeholder("merchantId")) : undefined))
    .orderBy(sql`(${t.tradeNo} is not distinct from ${sql.placeholder("tradeNo")}) desc`, t.id)
    .limit(10)
    .prepare(`callback_orders_${type}_${byMerchant ? "m" : "any"}`);
}

type CandidatesQuery = ReturnType<typeof candidatesQuery>;
const prepared = new WeakMap<DbOrTx, Map<string, CandidatesQuery>>();

async function candidates(db: DbOrTx, type: OrderType, q: Lookup): Promise<FoundOrder[]> {
  let mine = prepared.get(db);
  if (!mine) prepared.set(db, (mine = new Map()));
  const key = `${type}|${q.merchantId !== null}`;
  let query = mine.get(key);
  if (!query) mine.set(key, (query = candidatesQuery(db, type, q.merchantId !== null)));
  const rows = await query.execute({ tradeNo: q.tradeNo, orderNo: q.orderNo, merchantId: q.merchantId });
  return rows.map((r) => ({ ...r, type }));
}
