import "server-only";
import { defineQueue } from "@/lib/jobs/queue";

/**
 * A job per verified callback that would make an order final: confirm it with inquiry-status
 * (lib/callbacks/confirm-callback.ts). Sent in the callback's transaction, so it survives a crash; the same
 * confirmation also starts in-process right after the commit, and the job then finds it done.
 */
export const CALLBACK_CONFIRM_RETRIES = 8;
export const CALLBACK_CONFIRM = defineQueue("callback-confirm", { retryLimit: CALLBACK_CONFIRM_RETRIES, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 });

/** The job waits this long, so the in-process confirmation normally settles it first. */
export const CONFIRM_JOB_DELAY_S = 5;

export interface CallbackConfirmJob {
  callbackId: number;
}
