import "server-only";
import type { PgBoss } from "pg-boss";
import { getDb, type DbOrTx } from "@/db";
import { env } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { confirmCallbacks } from "./confirm-callback";
import { listenForConfirmWakes, sendConfirmWake } from "./confirm-wake";
import { CALLBACK_CONFIRM, CALLBACK_CONFIRM_RETRIES, type CallbackConfirmJob } from "@/lib/jobs/queues";

/** Jobs one worker takes at once: confirmed together, settled in one transaction. */
const BATCH = 100;

// This process's queue, kept on globalThis: the route's module copy is not the one instrumentation started.
interface LocalWorkers {
  boss: PgBoss;
  workers: string[];
  pending: boolean;
}
/** No workers here: a process of their own confirms, woken by NOTIFY. */
interface RemoteWorkers {
  remote: true;
  pending: boolean;
}
const g = globalThis as unknown as { __smilepayzConfirmWake?: LocalWorkers | RemoteWorkers };

/** Workers of this process: while one settles a batch, the other takes the next. */
const WORKERS = 2;

/**
 * The confirmation job: one per callback that would make an order final, sent in the callback's own statement
 * (durable before the gateway is answered). Workers take them in batches (confirm-callback.ts: one read, asks per
 * credential, one settling transaction); each job completes, or fails and is retried with backoff while the
 * gateway gives no final answer; on its last attempt the order is flagged instead. A job whose callback is
 * settled already does nothing. They run in the web server, or in a process of their own beside it
 * (scripts/confirm-worker.ts, as `npm start` runs them: env.ts CALLBACK_CONFIRMATIONS). The route wakes them after
 * answering (wakeConfirmations: directly, or by NOTIFY); the poll is the fallback (a lost wake, a restart).
 */
export async function registerCallbackWorkers(boss: PgBoss, db: () => DbOrTx): Promise<void> {
  const workers: string[] = [];
  for (let i = 0; i < WORKERS; i++) {
    // One work() each (not localConcurrency): each has its own id, so the route can wake it.
    // A full batch means more are waiting (a burst, or the backlog of a confirmation process that was down): fetch
    // again at once. Without it each worker took a batch per poll, 2 × 100 a second, whatever the CPU could do.
    const work = { batchSize: BATCH, pollingIntervalSeconds: 1, burstWhenBatchFull: true, perJobResults: true } as const;
    const id = await boss.work<CallbackConfirmJob>(CALLBACK_CONFIRM, work, async (jobs) => {
      const results = await confirmCallbacks(
        db(),
        jobs.map((j) => ({ callbackId: j.data.callbackId, lastAttempt: j.retryCount >= CALLBACK_CONFIRM_RETRIES })),
      );
      return jobs.map((j, n) => {
        const r = results[n];
        if (r?.kind === "retry") return { id: j.id, status: "failed" as const, output: { message: `callback ${j.data.callbackId} not confirmed yet: ${r.reason}` } };
        return { id: j.id, status: "completed" as const, output: r ?? null };
      });
    });
    workers.push(id);
  }
  g.__smilepayzConfirmWake = { boss, workers, pending: false };
}

/**
 * How long the wakes of a burst of callbacks are gathered before the workers are woken: the confirmations of that
 * window are then one batch (one fetch, one read, one claim, one settling transaction, one completion) instead of
 * one or two each. Waking at every callback kept both workers fetching batches of one or two, and the per-batch
 * statements cost more than the asks themselves. Confirmation is off the request path, so the gateway never waits
 * on it; the order becomes final this much later.
 */
const WAKE_GATHER_MS = 50;

/**
 * A callback waiting for confirmation was just stored: have the confirmation workers fetch within WAKE_GATHER_MS
 * rather than at their next poll. This process's own workers are woken directly; when a process of their own
 * confirms (env.ts CALLBACK_CONFIRMATIONS=worker), one NOTIFY per window reaches it (confirm-wake.ts). Wakes within
 * that window are one; nothing is awaited, nothing can fail the caller.
 */
export function wakeConfirmations(): void {
  const w = g.__smilepayzConfirmWake ?? (env().CALLBACK_CONFIRMATIONS === "worker" ? (g.__smilepayzConfirmWake = { remote: true, pending: false }) : undefined);
  if (!w || w.pending) return;
  w.pending = true;
  setTimeout(() => {
    w.pending = false;
    if ("remote" in w) {
      sendConfirmWake(getDb()).catch((e: unknown) => log().warn(describeError(e), "could not wake the confirmation process; it polls"));
      return;
    }
    wakeLocal(w);
  }, WAKE_GATHER_MS).unref();
}

/** This process's confirmation workers fetch now; a failure is said and left to their poll. */
function wakeLocal(w: LocalWorkers): void {
  try {
    for (const id of w.workers) w.boss.notifyWorker(id);
  } catch (e) {
    log().warn(describeError(e), "could not wake the confirmation workers; they poll");
  }
}

/**
 * In the confirmation process (scripts/confirm-worker.ts): its workers fetch at each web server's wake (one per
 * WAKE_GATHER_MS of callbacks at most, gathered there), on top of their poll. Returns the stop.
 */
export function listenForWakes(url: string): Promise<() => Promise<void>> {
  return listenForConfirmWakes(url, () => {
    const w = g.__smilepayzConfirmWake;
    if (w && !("remote" in w)) wakeLocal(w);
  });
}
