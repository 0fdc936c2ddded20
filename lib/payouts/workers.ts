import "server-only";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db";
import { dispatchPayouts } from "./dispatch-payout";
import { claimOne } from "@/lib/reconcile/claim-due";
import { inquirePayout } from "./inquire-payout";
import { PAYOUT_DISPATCH, PAYOUT_INQUIRY, type PayoutJob } from "./queues";

export interface PayoutWorkerOptions {
  /** Jobs fetched per poll; a batch is dispatched together (dispatchPayouts: two transactions for the batch). */
  batchSize?: number;
  /** Workers (fetch loops) per queue in this process. */
  localConcurrency?: number;
  pollingIntervalSeconds?: number;
  /** Called after each dispatch job with its duration (the bench measures with it). */
  onDispatched?: (ms: number, result: unknown) => void;
}

/**
 * The pay-out workers: each job is settled on its own (perJobResults);
 * a retry that finds the pay-out SENDING never sends again (see dispatch-payout.ts).
 */
export async function registerPayoutWorkers(boss: PgBoss, db: () => DbOrTx, opts: PayoutWorkerOptions = {}): Promise<void> {
  const work = { batchSize: opts.batchSize ?? 10, localConcurrency: opts.localConcurrency ?? 2, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1, perJobResults: true } as const;
  await boss.work<PayoutJob>(PAYOUT_DISPATCH, work, async (jobs) => {
    // The whole fetch is one dispatchPayouts: SENDING for all in one commit, the calls concurrently, the answers
    // in one commit. Each job still gets its own result; if the batch throws, every job is retried, and a retry
    // that finds SENDING never sends again.
    const t0 = performance.now();
    try {
      const rs = await dispatchPayouts(db(), jobs.map((j) => j.data.payoutId));
      const ms = performance.now() - t0;
      return jobs.map((job, i) => {
        opts.onDispatched?.(ms, rs[i]);
        return { id: job.id, status: "completed" as const, output: rs[i] };
      });
    } catch (e) {
      console.error(`[payouts] dispatch batch of ${jobs.length} failed: ${e instanceof Error ? e.message : String(e)}`);
      return jobs.map((job) => ({ id: job.id, status: "failed" as const, output: { message: e instanceof Error ? e.message : "failed" } }));
    }
  });
  await boss.work<PayoutJob>(PAYOUT_INQUIRY, { ...work, batchSize: 5, localConcurrency: 1 }, (jobs) =>
    // Asked only when due and not claimed by a sweep this cycle: an order is asked at most once per cycle.
    settle(jobs, async (j) => ((await claimOne(db(), "payout", j.data.payoutId)) ? inquirePayout(db(), j.data.payoutId) : { kind: "skipped", status: "claimed by the sweep" })),
  );
}

async function settle<J extends { id: string }>(jobs: J[], run: (job: J) => Promise<unknown>) {
  return Promise.all(
    jobs.map(async (job) => {
      try {
        return { id: job.id, status: "completed" as const, output: await run(job) };
      } catch (e) {
        console.error(`[payouts] job ${job.id} failed: ${e instanceof Error ? e.message : String(e)}`);
        return { id: job.id, status: "failed" as const, output: { message: e instanceof Error ? e.message : "failed" } };
      }
    }),
  );
}
