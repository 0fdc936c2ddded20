import "server-only";
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { merchants, payoutBatches, payouts } from "@/db/schema";
import { auditActor, withDb, type SystemCtx } from "@/lib/context";
import { writeAudits } from "@/lib/audit/write-audit";
import { transitionOrders } from "@/lib/orders/transition-order";
import { sealMatches, storedFacts } from "./approval-seal";
import { storedContentHash } from "./content-hash";

/**
 * The dispatcher's last checks before SENDING: is this row still exactly what was approved, and is its run
 * approved? A row that fails is never sent: it is CANCELLED, flagged for a person and audited, in one transaction.
 */
type Row = { p: typeof payouts.$inferSelect; m: typeof merchants.$inferSelect };

export const CHANGED_AFTER_APPROVAL =
  "not sent: changed after approval: the beneficiary, amount, purpose, credential or run no longer match what was approved (the approval's seal does not verify)";

/**
 * Why this APPROVED row must not be sent, or null. Everything is recomputed from the row's columns now: a stored
 * hash alone would bless a row edited in the database, and a plain hash can be recomputed by whoever edits the row,
 * so the keyed seal (lib/payouts/approval-seal.ts) decides.
 */
export function whyNotSendable({ p, m }: Row): string | null {
  const now = storedContentHash(p, m);
  if (now !== p.contentHash) return "not sent: the pay-out's content (beneficiary, amount or credential) changed after it was created or approved";
  if (p.approvalRequired && p.approvedHash !== now) return "not sent: the pay-out no longer matches what was approved";
  if (!sealMatches(p.approvalSeal, storedFacts(p, m))) return CHANGED_AFTER_APPROVAL;
  return null;
}

/**
 * The runs among these rows whose rows must not go now, read under a share lock held until SENDING commits
 * (pausing and deciding lock the run's row FOR UPDATE, so each is strictly before or after this transaction):
 * PAUSED is held (sent on resume); any other status but APPROVED refuses the row (a row is sent only after its
 * run is approved, whatever the row's own status says).
 */
export async function runGate(tx: DbOrTx, runIds: readonly number[]): Promise<Map<number, { held: true } | { held: false; reason: string }>> {
  const ids = [...new Set(runIds)].sort((a, b) => a - b);
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: payoutBatches.id, status: payoutBatches.status }).from(payoutBatches).where(inArray(payoutBatches.id, ids)).orderBy(payoutBatches.id).for("share");
  const gate = new Map<number, { held: true } | { held: false; reason: string }>();
  for (const r of rows) {
    if (r.status === "PAUSED") gate.set(r.id, { held: true });
    else if (r.status !== "APPROVED") gate.set(r.id, { held: false, reason: `not sent: its run ${r.id} is ${r.status}, not approved: a row of a run is sent only once its run is approved` });
  }
  for (const id of ids) if (!rows.some((r) => r.id === id)) gate.set(id, { held: false, reason: `not sent: its run ${id} does not exist` });
  return gate;
}

/**
 * Refuse rows for good: CANCELLED (only from APPROVED, so a row that moved meanwhile is left alone), flagged with
 * the reason, and a `payout.refused_at_dispatch` audit row each, in the caller's transaction (`ctx.db`).
 * Returns the ids actually cancelled.
 */
export async function refuseRows(ctx: SystemCtx, refusals: readonly { id: number; orderNo: string; reason: string }[]): Promise<Set<number>> {
  if (refusals.length === 0) return new Set();
  const flaggedAt = new Date();
  const res = await transitionOrders(
    ctx,
    "payout",
    refusals.map((r) => ({ id: r.id, to: "CANCELLED" as const, from: ["APPROVED" as const], source: "system" as const, set: { flaggedAt, flagReason: r.reason }, note: r.reason })),
  );
  const done = refusals.filter((_, i) => res[i]?.applied);
  await writeAudits(
    ctx.db,
    auditActor(ctx),
    done.map((r) => ({ action: "payout.refused_at_dispatch", targetType: "payout", targetId: r.id, after: { orderNo: r.orderNo, reason: r.reason, status: "CANCELLED", flagged: true } })),
  );
  return new Set(done.map((r) => r.id));
}

/** refuseRows in a transaction of its own. */
export async function refuseRowsNow(ctx: SystemCtx, refusals: readonly { id: number; orderNo: string; reason: string }[]): Promise<Set<number>> {
  if (refusals.length === 0) return new Set();
  return ctx.db.transaction((tx) => refuseRows(withDb(ctx, tx), refusals));
}
