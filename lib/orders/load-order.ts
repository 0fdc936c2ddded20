import "server-only";
import { and, eq } from "drizzle-orm";
import type { payouts } from "@/db/schema";
import type { DbOrTx } from "@/db";
import { AppError } from "@/lib/errors";
import { kindOf } from "./kinds";
import { scopeFilter } from "./list-orders";
import type { OrderType } from "@/lib/order-status/transitions";

/** What the order page and support's verbs need of either kind of order, named alike. */
export interface OrderCore {
  type: OrderType;
  id: number;
  merchantId: number;
  merchantName: string;
  region: (typeof payouts.$inferSelect)["region"];
  orderNo: string;
  tradeNo: string | null;
  status: string;
  amountMinor: bigint;
  currency: string;
  method: string;
  account: string | null;
  name: string | null;
  taxNumber: string | null;
  gatewayCode: string | null;
  gatewayMessage: string | null;
  batchId: number | null;
  /** A pay-out's approver's reason for rejecting it (null otherwise). */
  rejectReason: string | null;
  createdBy: string | null;
  createdAt: Date;
  finalAt: Date | null;
}

/** One order within the user's merchant scope (null = all); any other order is "not found", never "forbidden". */
export async function loadOrder(db: DbOrTx, scope: number[] | null, type: OrderType, id: number): Promise<OrderCore> {
  const kind = kindOf(type);
  const [r] = await kind.find(db, and(eq(kind.table.id, id), scopeFilter(kind, scope)), [], 1);
  if (!r) throw new AppError("not_found", "No such order.");
  const p = r.p;
  return { type, id: p.id, merchantId: p.merchantId, merchantName: r.merchantName, region: p.region, orderNo: p.orderNo, tradeNo: p.tradeNo,
    status: p.status, amountMinor: p.amountMinor, currency: p.currency, method: p.paymentMethod, ...kind.party(r),
    gatewayCode: p.gatewayCode, gatewayMessage: p.gatewayMessage, createdBy: r.creatorName, createdAt: p.createdAt, finalAt: p.finalAt };
}

/** The `[type]/[id]` of a route: a known type and a positive id, or a field error. */
export function orderRef(params: Record<string, string | string[] | undefined>): { type: OrderType; id: number } {
  const type = params.type;
  const id = Number(params.id);
  if ((type !== "payout" && type !== "payin") || !Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", "No such order.");
  return { type, id };
}
