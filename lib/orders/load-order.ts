import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { merchants, payins, payouts, users } from "@/db/schema";
import type { DbOrTx } from "@/db";
import { AppError } from "@/lib/errors";
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
  const t = type === "payout" ? payouts : payins;
  const where = and(eq(t.id, id), scope ? inArray(t.merchantId, scope.length ? scope : [-1]) : undefined);
  const base = { merchantName: merchants.name, createdBy: users.name };
  if (type === "payout") {
    const [r] = await db.select({ p: payouts, ...base }).from(payouts).innerJoin(merchants, eq(merchants.id, payouts.merchantId))
      .leftJoin(users, eq(users.id, payouts.createdBy)).where(where).limit(1);
    if (!r) throw new AppError("not_found", "No such order.");
    const p = r.p;
    return { type, id: p.id, merchantId: p.merchantId, merchantName: r.merchantName, region: p.region, orderNo: p.orderNo, tradeNo: p.tradeNo,
      status: p.status, amountMinor: p.amountMinor, currency: p.currency, method: p.paymentMethod, account: p.cashAccount, name: p.receiverName,
      taxNumber: p.taxNumber, gatewayCode: p.gatewayCode, gatewayMessage: p.gatewayMessage, batchId: p.batchId, rejectReason: p.rejectReason, createdBy: r.createdBy,
      createdAt: p.createdAt, finalAt: p.finalAt };
  }
  const [r] = await db.select({ p: payins, ...base }).from(payins).innerJoin(merchants, eq(merchants.id, payins.merchantId))
    .leftJoin(users, eq(users.id, payins.createdBy)).where(where).limit(1);
  if (!r) throw new AppError("not_found", "No such order.");
  const p = r.p;
  return { type, id: p.id, merchantId: p.merchantId, merchantName: r.merchantName, region: p.region, orderNo: p.orderNo, tradeNo: p.tradeNo,
    status: p.status, amountMinor: p.amountMinor, currency: p.currency, method: p.paymentMethod, account: p.payerAccountNo, name: p.payerName,
    taxNumber: null, gatewayCode: p.gatewayCode, gatewayMessage: p.gatewayMessage, batchId: null, rejectReason: null, createdBy: r.createdBy,
    createdAt: p.createdAt, finalAt: p.finalAt };
}

/** The `[type]/[id]` of a route: a known type and a positive id, or a field error. */
export function orderRef(params: Record<string, string | string[] | undefined>): { type: OrderType; id: number } {
  const type = params.type;
  const id = Number(params.id);
  if ((type !== "payout" && type !== "payin") || !Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", "No such order.");
  return { type, id };
}
