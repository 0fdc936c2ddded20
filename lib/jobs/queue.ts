import "server-only";
import PgBoss from "pg-boss";

/**
 * The app's job queue: pg-boss on the app's PostgreSQL (schema `pgboss`), so every app instance shares the
 * work and a job survives a restart. Background work (purging auth records now; dispatching and reconciling
 * pay-outs next) is a handler in lib/jobs/handlers registered in lib/jobs/start-jobs.ts. No timers.
 */
export const JOBS_SCHEMA = "pgboss";

export function createQueue(databaseUrl: string): PgBoss {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: JOBS_SCHEMA, max: 4, application_name: "smilepayz-jobs" });
  boss.on("error", (e: Error) => console.error(`[jobs] queue error: ${e.message}`));
  return boss;
}
