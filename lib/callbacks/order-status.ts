import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payins, payouts } from "@/db/schema";
import type { OrderType } from "@/lib/order-status/transitions";

export async function orderStatus(db: DbOrTx, type: OrderType, id: number): Promise<string | null> {
  const t = type === "payout" ? payouts : payins;
  const [r] = await db.select({ s: t.status }).from(t).where(eq(t.id, id));
  return r?.s ?? null;
}

/** The order's status, amount and currency now. */
export async function orderStatusAndMoney(db: DbOrTx, type: OrderType, id: number) {
  const t = type === "payout" ? payouts : payins;
  const [o] = await db.select({ status: t.status, amountMinor: t.amountMinor, currency: t.currency }).from(t).where(eq(t.id, id));
  return o;
}
