import "server-only";
import type { PgBoss } from "pg-boss";
import { getDb } from "@/db";
import { registerPayoutWorkers } from "@/lib/payouts/workers";
import { PURGE_AUTH_RECORDS, purgeAuthRecords } from "./handlers/purge-auth-records";
import { getQueue, QUEUES } from "./queue";

let started: Promise<PgBoss> | undefined;

/** Start this instance's workers and schedules (idempotent). Called from instrumentation.ts at server start. */
export function startJobs(): Promise<PgBoss> {
  started ??= (async () => {
    const boss = await getQueue();
    await boss.createQueue(PURGE_AUTH_RECORDS);
    for (const [name, options] of Object.entries(QUEUES)) await boss.createQueue(name, options);
    await boss.schedule(PURGE_AUTH_RECORDS, "17 * * * *", {}, { retryLimit: 3 });
    await boss.work(PURGE_AUTH_RECORDS, async () => {
      const r = await purgeAuthRecords(getDb());
      console.log(`[jobs] ${PURGE_AUTH_RECORDS}: ${r.sessions} sessions, ${r.limits} counters removed`);
    });
    await registerPayoutWorkers(boss, getDb);
    return boss;
  })();
  return started;
}
