import "server-only";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db";
import { BALANCE_SNAPSHOT } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { dayBoundary, snapshotBalances } from "./snapshot-balances";

/**
 * The balance snapshot at every 00:00 UTC (pg-boss cron, one job per slot however many instances run), for the
 * daily statements' opening and closing balances.
 */
export async function registerStatementWorkers(boss: PgBoss, db: () => DbOrTx): Promise<void> {
  await boss.schedule(BALANCE_SNAPSHOT, "0 0 * * *", {}, { tz: "UTC" });
  await boss.work(BALANCE_SNAPSHOT, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    // The boundary of the slot this job stands for, even when it runs a little late.
    const at = dayBoundary(new Date());
    const r = await snapshotBalances(db(), at);
    log().info({ job: BALANCE_SNAPSHOT, at: at.toISOString(), ...r }, "balance snapshot for the daily statements");
    return r;
  });
}
