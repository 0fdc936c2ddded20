import "server-only";
import { and, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { callbackRefusals, callbacks, strangerWrites } from "@/db/schema";
import { env } from "@/lib/env";

export const PURGE_CALLBACK_REFUSALS = "purge-callback-refusals";

/** Outcomes of callbacks that changed nothing and came from anyone: kept as samples, not as records. */
const REFUSED = ["invalid", "forged", "stale", "unknown_order", "replayed"] as const;

/**
 * Housekeeping: refused callbacks and their per-address counts older than CALLBACK_REFUSAL_RETENTION_DAYS, and
 * the strangers' write budget of past hours (lib/strangers/write-budget.ts).
 * Verified callbacks (the orders' history) are never purged here.
 */
export async function purgeCallbackRefusals(db: DbOrTx, now = new Date(), days = env().CALLBACK_REFUSAL_RETENTION_DAYS): Promise<{ callbacks: number; counts: number }> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const c = await db
    .delete(callbacks)
    .where(and(inArray(callbacks.outcome, [...REFUSED]), lt(callbacks.receivedAt, before)))
    .returning({ id: callbacks.id });
  const r = await db.delete(callbackRefusals).where(lt(callbackRefusals.minute, before)).returning({ minute: callbackRefusals.minute });
  // The strangers' budget ledger matters only for the minute it counts: an hour is plenty.
  await db.delete(strangerWrites).where(lt(strangerWrites.minute, new Date(now.getTime() - 3_600_000)));
  return { callbacks: c.length, counts: r.length };
}
