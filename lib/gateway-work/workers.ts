import "server-only";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db";
import { env } from "@/lib/env";
import { PAYIN_DISPATCH, PAYIN_INQUIRY, PAYOUT_DISPATCH, PAYOUT_INQUIRY, type PayinJob, type PayoutJob } from "@/lib/jobs/queues";
import type { OrderType } from "@/lib/order-status/transitions";
import { jobResult } from "@/lib/jobs/job-result";
import { claimOne } from "./claim-due";
import { dispatchPayin } from "./dispatch-payin";
import { dispatchPayouts } from "./dispatch-payouts";
import { inquireOrder } from "./inquire-order";

/** Jobs fetched (and claimed) per fetch: a batch is dispatched together (dispatchPayouts: two transactions for it). */
export const PAYOUT_BATCH = 50;

export interface PayoutWorkerOptions {
  /** Jobs fetched per fetch (default PAYOUT_BATCH). */
  batchSize?: number;
  /** Batches in flight (fetch loops) in this process (default PAYOUT_DISPATCH_CONCURRENCY). */
  localConcurrency?: number;
  /** The idle poll; while fetches come back full the loops fetch again at once (burstWhenBatchFull). */
  pollingIntervalSeconds?: number;
  /** Called after each dispatch job with its duration (the bench measures with it). */
  onDispatched?: (ms: number, result: unknown) => void;
}

/**
 * The pay-out workers: each job is settled on its own (perJobResults);
 * a retry that finds the pay-out SENDING never sends again (see dispatch-payouts.ts).
 */
export async function registerPayoutWorkers(boss: PgBoss, db: () => DbOrTx, opts: PayoutWorkerOptions = {}): Promise<void> {
  const work = {
    batchSize: opts.batchSize ?? PAYOUT_BATCH,
    localConcurrency: opts.localConcurrency ?? env().PAYOUT_DISPATCH_CONCURRENCY,
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5,
    // Woken by the queue's NOTIFY when a job is committed; the poll stays as frequent as without it (a lost
    // notification, a listener reconnecting), not pg-boss's relaxed 30 s.
    notifyPollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5,
    burstWhenBatchFull: true,
    perJobResults: true,
  } as const;
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
  await boss.work<PayoutJob>(PAYOUT_INQUIRY, { batchSize: 5, localConcurrency: 1, pollingIntervalSeconds: 1, perJobResults: true }, (jobs) =>
    settle("payouts", jobs, (j) => inquireWhenDue(db, "payout", j.data.payoutId)),
  );
}

/** The pay-in workers: one job per pay-in; a retry that finds it sent never sends again (dispatch-payin.ts). */
export async function registerPayinWorkers(boss: PgBoss, db: () => DbOrTx): Promise<void> {
  const work = { batchSize: 5, localConcurrency: 1, pollingIntervalSeconds: 1, perJobResults: true } as const;
  // Woken by the queue's NOTIFY (a payer waits for the link); the 1 s poll stays as the fallback. A full batch is
  // followed by the next at once: a backlog (pay-ins created while no worker ran) is sent at the gateway's pace, not 5 a second.
  await boss.work<PayinJob>(PAYIN_DISPATCH, { ...work, notifyPollingIntervalSeconds: 1, burstWhenBatchFull: true }, (jobs) => settle("payins", jobs, (j) => dispatchPayin(db(), j.data.payinId)));
  await boss.work<PayinJob>(PAYIN_INQUIRY, work, (jobs) => settle("payins", jobs, (j) => inquireWhenDue(db, "payin", j.data.payinId)));
}

/**
 * An order's own inquiry job asks only when due and not claimed this cycle, as the sweep does: one path for every
 * automatic ask, so an order is asked at most once a cycle; the sweep asks it next.
 */
async function inquireWhenDue(db: () => DbOrTx, type: OrderType, id: number) {
  if (!(await claimOne(db(), type, id))) return { kind: "skipped", status: "not due, or claimed this cycle" };
  return inquireOrder(db(), type, id);
}

async function settle<J extends { id: string }>(label: string, jobs: J[], run: (job: J) => Promise<unknown>) {
  return Promise.all(jobs.map((job) => jobResult(job, () => run(job), (message) => console.error(`[${label}] job ${job.id} failed: ${message}`))));
}
