import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payoutBatches } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { runPredecessors, type RunStatus } from "./run-transitions";

type RunSet = Partial<Pick<typeof payoutBatches.$inferInsert, "approvedBy" | "approvedAt" | "rejectedBy" | "decisionNote">>;

/**
 * The only writer of a run's status: a conditional UPDATE … WHERE status IN (the table's predecessors of `to`),
 * with the columns that go with the move. A move the table refuses changes nothing and is a conflict. Callers
 * hold the run's row lock and check its status first, with their own words; this is the rule, not the message.
 */
export async function moveRun(tx: DbOrTx, id: number, to: RunStatus, set: RunSet = {}): Promise<void> {
  const moved = await tx
    .update(payoutBatches)
    .set({ ...set, status: to })
    .where(and(eq(payoutBatches.id, id), inArray(payoutBatches.status, runPredecessors(to))))
    .returning({ id: payoutBatches.id });
  if (moved.length === 0) throw new AppError("conflict", `This run cannot become ${to} from where it is now.`);
}
