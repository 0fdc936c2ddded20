import "server-only";
import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db";
import { describeError, log } from "@/lib/log";
import { confirmCallback, type Confirmation } from "./confirm-callback";
import { CALLBACK_CONFIRM, CALLBACK_CONFIRM_RETRIES, type CallbackConfirmJob } from "@/lib/jobs/queues";

/**
 * The confirmation job: one callback per job, retried with backoff while the gateway gives no final answer;
 * on the last attempt the order is flagged instead. A job that finds its callback settled does nothing.
 */
export async function registerCallbackWorkers(boss: PgBoss, db: () => DbOrTx): Promise<void> {
  await boss.work<CallbackConfirmJob>(CALLBACK_CONFIRM, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const r = await confirmCallback(db(), job.data.callbackId, { lastAttempt: job.retryCount >= CALLBACK_CONFIRM_RETRIES });
    if (r.kind === "retry") throw new Error(`callback ${job.data.callbackId} not confirmed yet: ${r.reason}`);
    return r;
  });
}

/**
 * Right after the callback's commit, in this process: the live path, so the order moves as soon as the gateway
 * answers (the job is the safety net). Not awaited by the route; a failure here is only logged. `known`: the callback
 * and its order as ingestCallback had them, so nothing is read again before the gateway is asked.
 */
export function startConfirmation(db: DbOrTx, callbackId: number, known?: Confirmation): void {
  void confirmCallback(db, callbackId, { known }).catch((e: unknown) => log().warn({ callbackId, ...describeError(e) }, "callback confirmation failed; its job will retry"));
}
