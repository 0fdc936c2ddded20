import "server-only";
import type { PgBoss } from "pg-boss";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { registerCallbackWorkers } from "@/lib/callbacks/workers";
import { registerReconcileWorkers } from "@/lib/gateway-work/sweep-worker";
import { registerPayinWorkers, registerPayoutWorkers } from "@/lib/gateway-work/workers";
import { startJobs } from "@/lib/jobs/start-jobs";
import { registerStatementWorkers } from "@/lib/statements/workers";
import { registerWebhookWorkers } from "@/lib/webhooks/workers";

let started: Promise<PgBoss> | undefined;

/**
 * Start this instance's queue with every worker: the platform's housekeeping (start-jobs.ts), then the gateway
 * wing's sending, checking and confirming (unless a process of their own confirms: scripts/confirm-worker.ts).
 * Idempotent. Called from instrumentation.ts at server start; it sits above
 * the domains so the queue (lib/jobs) never imports them.
 */
export function startWorkers(): Promise<PgBoss> {
  started ??= (async () => {
    const boss = await startJobs();
    await registerPayoutWorkers(boss, getDb);
    await registerPayinWorkers(boss, getDb);
    // Confirmations run here only when no confirmation process does (env.ts CALLBACK_CONFIRMATIONS).
    if (env().CALLBACK_CONFIRMATIONS === "web") await registerCallbackWorkers(boss, getDb);
    await registerReconcileWorkers(boss, getDb);
    await registerWebhookWorkers(boss, getDb);
    await registerStatementWorkers(boss, getDb);
    return boss;
  })();
  return started;
}
