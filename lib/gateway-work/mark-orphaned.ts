import "server-only";
import { withDb, type AnyCtx } from "@/lib/context";
import { transitionOrder, type EventSource, type TransitionArgs } from "@/lib/orders/transition-order";
import { sendingStatus } from "@/lib/order-status/status-sets";
import type { OrderType, StatusOf } from "@/lib/order-status/transitions";
import { scheduleInquiry } from "./schedule-inquiry";

const DIED_AROUND_THE_CALL = "an earlier dispatch stopped around the call to the gateway: not resending; asking the gateway what it has";

/**
 * An order found in its sending status with no living sender (a worker died between committing the intent and
 * recording the answer): UNKNOWN, and inquiry-status asked after `startAfterS`, in one transaction. Never resent.
 */
export async function markOrphaned<T extends OrderType>(
  ctx: AnyCtx,
  type: T,
  id: number,
  opts: { source?: EventSource; note?: string; set?: TransitionArgs<T>["set"]; startAfterS?: number } = {},
): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const t = await transitionOrder(withDb(ctx, tx), {
      type,
      id,
      to: "UNKNOWN" as StatusOf<T>,
      from: [sendingStatus(type)],
      source: opts.source ?? "system",
      set: opts.set,
      note: opts.note ?? DIED_AROUND_THE_CALL,
    });
    if (t.applied) await scheduleInquiry(tx, type, id, opts.startAfterS ?? 1);
    return t.applied;
  });
}
