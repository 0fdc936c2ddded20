import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { payoutBatches, payouts, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { can } from "@/lib/auth/permissions";
import type { WaitingRunView } from "./batch-view";
import { money } from "./get-batch";

/** The most runs the queue lists at once (oldest first); a run is one item however many rows it has. */
const MAX_RUNS = 100;

/** Runs waiting for approval inside these merchants (null: all), oldest first, each with its totals per currency. */
export async function waitingRuns(ctx: Ctx, scope: number[] | null): Promise<WaitingRunView[]> {
  const runs = await ctx.db
    .select({ b: payoutBatches, creatorName: users.name })
    .from(payoutBatches)
    .leftJoin(users, eq(users.id, payoutBatches.createdBy))
    .where(and(eq(payoutBatches.status, "PENDING_APPROVAL"), scope ? inArray(payoutBatches.merchantId, scope.length ? scope : [-1]) : undefined))
    .orderBy(asc(payoutBatches.createdAt), asc(payoutBatches.id))
    .limit(MAX_RUNS);
  if (runs.length === 0) return [];
  const totals = await ctx.db
    .select({ batchId: payouts.batchId, currency: payouts.currency, n: sql<number>`count(*)::int`, total: sql<string>`sum(${payouts.amountMinor})::text` })
    .from(payouts)
    .where(inArray(payouts.batchId, runs.map((r) => r.b.id)))
    .groupBy(payouts.batchId, payouts.currency)
    .orderBy(payouts.batchId, payouts.currency);
  const mayApprove = can(ctx.user.role, "payouts.approve");
  return runs.map(({ b, creatorName }) => ({
    id: b.id,
    fileName: b.fileName,
    rowCount: b.rowCount,
    credentialId: b.merchantId,
    approvalReason: b.approvalReason,
    createdBy: b.createdBy === null ? null : { id: b.createdBy, name: creatorName ?? `user ${b.createdBy}` },
    createdAt: b.createdAt.toISOString(),
    totals: totals
      .filter((t) => t.batchId === b.id)
      .map((t) => ({ currency: t.currency, count: t.n, totalMinor: t.total, total: money(t.currency, BigInt(t.total)) })),
    canApprove: mayApprove && b.createdBy !== ctx.user.id,
  }));
}
