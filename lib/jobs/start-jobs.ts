import "server-only";
import type { PgBoss } from "pg-boss";
import { getDb } from "@/db";
import { purgeForgottenLimits } from "@/lib/auth/rate-limit";
import { flushSignInFailures } from "@/lib/auth/sign-in-failures";
import { FLUSH_SIGN_IN_FAILURES } from "./handlers/flush-sign-in-failures";
import { PURGE_AUTH_RECORDS, purgeAuthRecords } from "./handlers/purge-auth-records";
import { PURGE_CALLBACK_REFUSALS, purgeCallbackRefusals } from "./handlers/purge-callback-refusals";
import { log } from "@/lib/log";
import { createQueue, defineQueue, getQueue, QUEUES } from "./queue";
import "./queues";

defineQueue(PURGE_AUTH_RECORDS, { retryLimit: 3 });
defineQueue(FLUSH_SIGN_IN_FAILURES, { retryLimit: 3 });
defineQueue(PURGE_CALLBACK_REFUSALS, { retryLimit: 3 });

let started: Promise<PgBoss> | undefined;

/**
 * Start this instance's queue (every queue made if missing) with the platform's own schedules (idempotent). The
 * domains' workers are registered above the domains, by lib/workers/start-workers.ts.
 */
export function startJobs(): Promise<PgBoss> {
  started ??= (async () => {
    const boss = await getQueue();
    // The owner created every queue at migration time (installJobs); the app role only makes missing ones.
    for (const [name, options] of Object.entries(QUEUES)) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
    }
    await boss.schedule(PURGE_AUTH_RECORDS, "17 * * * *", {}, { retryLimit: 3 });
    await boss.work(PURGE_AUTH_RECORDS, async () => {
      const r = await purgeAuthRecords(getDb());
      log().info({ job: PURGE_AUTH_RECORDS, ...r }, "purged ended sessions and sign-in counters");
    });
    await boss.schedule(FLUSH_SIGN_IN_FAILURES, "* * * * *", {}, { retryLimit: 3 });
    await boss.work(FLUSH_SIGN_IN_FAILURES, async () => {
      const rows = await flushSignInFailures(getDb());
      if (rows > 0) log().info({ job: FLUSH_SIGN_IN_FAILURES, rows }, "audited failed sign-ins per account, address and minute");
      const forgotten = await purgeForgottenLimits(getDb());
      if (forgotten > 0) log().info({ job: FLUSH_SIGN_IN_FAILURES, forgotten }, "deleted sign-in throttle keys past their forget window");
    });
    await boss.schedule(PURGE_CALLBACK_REFUSALS, "41 * * * *", {}, { retryLimit: 3 });
    await boss.work(PURGE_CALLBACK_REFUSALS, async () => {
      const r = await purgeCallbackRefusals(getDb());
      log().info({ job: PURGE_CALLBACK_REFUSALS, ...r }, "purged refused callbacks past their retention");
    });
    return boss;
  })();
  return started;
}

/**
 * As the database owner, at migration time: install or upgrade pg-boss's schema and create every queue with its
 * policy, so the app role needs no DDL.
 */
export async function installJobs(ownerUrl: string): Promise<void> {
  const boss = createQueue(ownerUrl);
  await boss.start();
  try {
    for (const [name, options] of Object.entries(QUEUES)) {
      if (await boss.getQueue(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
    }
  } finally {
    await boss.stop({ graceful: false, timeout: 5_000 });
  }
}
