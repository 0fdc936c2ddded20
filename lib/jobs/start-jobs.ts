import "server-only";
import type PgBoss from "pg-boss";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { PURGE_AUTH_RECORDS, purgeAuthRecords } from "./handlers/purge-auth-records";
import { createQueue } from "./queue";

let started: Promise<PgBoss> | undefined;

/** Start this instance's workers and schedules (idempotent). Called from instrumentation.ts at server start. */
export function startJobs(): Promise<PgBoss> {
  started ??= (async () => {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const boss = createQueue(url);
    await boss.start();
    await boss.createQueue(PURGE_AUTH_RECORDS);
    await boss.schedule(PURGE_AUTH_RECORDS, "17 * * * *", {}, { retryLimit: 3 });
    await boss.work(PURGE_AUTH_RECORDS, async () => {
      const r = await purgeAuthRecords(getDb());
      console.log(`[jobs] ${PURGE_AUTH_RECORDS}: ${r.sessions} sessions, ${r.limits} counters removed`);
    });
    return boss;
  })();
  return started;
}
