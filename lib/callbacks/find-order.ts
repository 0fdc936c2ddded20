import "server-only";
import { and, eq, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payins, payouts } from "@/db/schema";
import type { OrderType } from "@/lib/orders/transitions";
import type { OrderState } from "./decide";

/** What the decision needs (decide.ts), plus the row and the credential that signs for it. */
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
 * The orders a callback may be about, locked FOR UPDATE (call inside the transaction that will apply it):
 * pay-outs first, then pay-ins; a tradeNo match before an orderNo match. Without a merchantId an orderNo can
 * match several credentials' orders; the caller keeps the one whose platform key verifies the signature.
 */
export async function findCallbackOrders(tx: DbOrTx, q: Lookup): Promise<FoundOrder[]> {
  const out = await lockCandidates(tx, "payout", q);
  return out.length > 0 ? out : lockCandidates(tx, "payin", q);
}

async function lockCandidates(tx: DbOrTx, type: OrderType, q: Lookup): Promise<FoundOrder[]> {
  const t = type === "payout" ? payouts : payins;
  const rows = await tx
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
    .where(and(or(eq(t.tradeNo, q.tradeNo), eq(t.orderNo, q.orderNo)), q.merchantId === null ? undefined : eq(merchants.merchantId, q.merchantId)))
    .orderBy(sql`(${t.tradeNo} is not distinct from ${q.tradeNo}) desc`, t.id)
    .limit(10)
    .for("update", { of: t });
  return rows.map((r) => ({ ...r, type }));
}
