import "server-only";
import type { DbOrTx } from "@/db";
import { enqueue, enqueueMany } from "@/lib/jobs/queue";
import { INQUIRY_QUEUE } from "@/lib/jobs/queues";
import type { OrderType } from "@/lib/order-status/transitions";

/** An inquiry job's data: the order's id under its kind's key (the key jobs already queued carry). */
export function inquiryJobData(type: OrderType, id: number): { payoutId: number } | { payinId: number } {
  return type === "payout" ? { payoutId: id } : { payinId: id };
}

/** Ask inquiry-status about the order in `startAfterS`, inside the caller's transaction. */
export async function scheduleInquiry(tx: DbOrTx, type: OrderType, id: number, startAfterS: number): Promise<void> {
  await enqueue(tx, INQUIRY_QUEUE[type], inquiryJobData(type, id), { startAfter: startAfterS });
}

/** scheduleInquiry for many orders of one kind: one INSERT. */
export async function scheduleInquiries(tx: DbOrTx, type: OrderType, asks: { id: number; startAfterS: number }[]): Promise<void> {
  await enqueueMany(tx, INQUIRY_QUEUE[type], asks.map((a) => ({ data: inquiryJobData(type, a.id), startAfter: a.startAfterS })));
}
