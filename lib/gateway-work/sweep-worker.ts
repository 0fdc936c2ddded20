import "server-only";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db";
import { log } from "@/lib/log";
import { RECONCILE_CYCLE_S } from "./cycle";
import { RECONCILE_SWEEP } from "@/lib/jobs/queues";
import { runSweep } from "./sweep";

/** The next cycle: one job per slot of RECONCILE_CYCLE_S across every instance. */
function scheduleNext(boss: PgBoss): Promise<string | null> {
  return boss.sendDebounced(RECONCILE_SWEEP, {}, null, RECONCILE_CYCLE_S, "cycle");
}

/**
 * Reconciliation on the queue: a sweep now (catching up on whatever came due while no instance was up), then
 * one per cycle, each sweep scheduling the next; a cron each minute restarts the chain if it ever breaks.
 */
export async function registerReconcileWorkers(boss: PgBoss, db: () => DbOrTx): Promise<void> {
  await boss.work(RECONCILE_SWEEP, { pollingIntervalSeconds: 1 }, async () => {
    try {
      const r = await runSweep(db());
      if (r.redispatched + r.payouts + r.payins > 0) log().info({ job: RECONCILE_SWEEP, ...r }, "reconciliation sweep");
      return r;
    } finally {
      await scheduleNext(boss);
    }
  });
  await boss.schedule(RECONCILE_SWEEP, "* * * * *", {}, { retryLimit: 2 });
  await boss.send(RECONCILE_SWEEP, {});
  await scheduleNext(boss);
}
