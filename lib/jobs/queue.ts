import "server-only";
import { sql } from "drizzle-orm";
import { fromDrizzle, PgBoss, type JobInsert, type JobOptions, type Queue, type QueueOptions } from "pg-boss";
import type { DbOrTx } from "@/db";
import { env } from "@/lib/env";
import { describeError, log } from "@/lib/log";

/**
 * The app's job queue: pg-boss on the app's PostgreSQL (schema `pgboss`), so every app instance shares the
 * work and a job survives a restart. Background work is a handler in lib/jobs/handlers registered in
 * lib/jobs/start-jobs.ts. No timers.
 */
export const JOBS_SCHEMA = "pgboss";

export function createQueue(databaseUrl: string): PgBoss {
  // useListenNotify: one LISTEN connection per instance, so a commit that queues a job on a `notify` queue wakes
  // that queue's workers in every instance at once (a hint only: the workers still poll).
  const boss = new PgBoss({ connectionString: databaseUrl, schema: JOBS_SCHEMA, max: 4, application_name: "smilepayz-jobs", useListenNotify: true });
  boss.on("error", (e: Error) => log().error(describeError(e), "job queue error"));
  return boss;
}

// One started instance per process, kept on globalThis: Next bundles instrumentation and route handlers
// separately, and both must share it.
const g = globalThis as unknown as { __smilepayzBoss?: Promise<PgBoss> };

/** This process's started queue (no workers unless lib/workers/start-workers.ts registered them). */
export function getQueue(): Promise<PgBoss> {
  g.__smilepayzBoss ??= (async () => {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const boss = createQueue(url);
    await boss.start();
    return boss;
  })();
  return g.__smilepayzBoss;
}

export async function stopQueue(): Promise<void> {
  const p = g.__smilepayzBoss;
  g.__smilepayzBoss = undefined;
  if (p) await (await p).stop({ graceful: false, timeout: 5_000 }).catch(() => undefined);
}

/**
 * Send a job inside the caller's transaction: it exists only if the transaction commits (the pay-out and its
 * dispatch job are one commit, so a crash can neither lose the job nor run it for a row that was rolled back).
 */
export async function enqueue(
  db: DbOrTx,
  name: string,
  data: object,
  options: JobOptions & QueueOptions = {},
): Promise<string | null> {
  const boss = await getQueue();
  return boss.send(name, data, { ...options, db: fromDrizzle(db, sql) });
}

/** enqueue for many jobs of one queue: one INSERT, inside the caller's transaction. */
export async function enqueueMany(db: DbOrTx, name: string, jobs: JobInsert[]): Promise<void> {
  if (jobs.length === 0) return;
  const boss = await getQueue();
  await boss.insert(name, jobs, { db: fromDrizzle(db, sql) });
}

/** Queues with their retry policy; created (idempotently) at start. */
export type QueueDefinition = Omit<Queue, "name">;
export const QUEUES: Record<string, QueueDefinition> = {};

export function defineQueue(name: string, options: QueueDefinition): string {
  QUEUES[name] = options;
  return name;
}
