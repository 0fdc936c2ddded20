import "server-only";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db";
import { dispatchPayin } from "./dispatch-payin";
import { claimOne } from "@/lib/reconcile/claim-due";
import { inquirePayin } from "@/lib/reconcile/inquire-payin";
import { PAYIN_DISPATCH, PAYIN_INQUIRY, type PayinJob } from "./queues";

/** The pay-in workers: one job per pay-in; a retry that finds it sent never sends again (dispatch-payin.ts). */
export async function registerPayinWorkers(boss: PgBoss, db: () => DbOrTx): Promise<void> {
  const work = { batchSize: 5, localConcurrency: 1, pollingIntervalSeconds: 1, perJobResults: true } as const;
  await boss.work<PayinJob>(PAYIN_DISPATCH, work, (jobs) => settle(jobs, (j) => dispatchPayin(db(), j.data.payinId)));
  // A pay-in's own inquiry (after an ambiguous answer) asks only when due and not claimed this cycle, as the sweep
  // does: one path for every automatic ask, so an order is asked at most once a cycle; the sweep asks it next.
  await boss.work<PayinJob>(PAYIN_INQUIRY, work, (jobs) =>
    settle(jobs, async (j) => ((await claimOne(db(), "payin", j.data.payinId)) ? inquirePayin(db(), j.data.payinId) : { kind: "skipped", status: "not due, or claimed this cycle" })),
  );
}

async function settle<J extends { id: string }>(jobs: J[], run: (job: J) => Promise<unknown>) {
  return Promise.all(
    jobs.map(async (job) => {
      try {
        return { id: job.id, status: "completed" as const, output: await run(job) };
      } catch (e) {
        console.error(`[payins] job ${job.id} failed: ${e instanceof Error ? e.message : String(e)}`);
        return { id: job.id, status: "failed" as const, output: { message: e instanceof Error ? e.message : "failed" } };
      }
    }),
  );
}
