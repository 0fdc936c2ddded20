/**
 * The confirmation process: `npm start` (scripts/start.ts) runs it beside the web server, which then answers
 * callbacks and leaves their confirmation with inquiry-status to this process (lib/env.ts CALLBACK_CONFIRMATIONS).
 * It takes the queue's confirmation jobs (lib/callbacks/workers.ts), woken by the web servers' NOTIFY and polling
 * besides, so a web server on one machine and this process on another work the same. Any number may run: each job
 * is taken by one of them. SIGTERM/SIGINT: the batch in hand is finished (up to 10 s), then it exits.
 */
import { setPriority } from "node:os";
import { closeDb, getDb } from "@/db";
import { isPostgresClosedWriteThrow } from "@/db/reconnect";
import { listenForWakes, registerCallbackWorkers } from "@/lib/callbacks/workers";
import { env } from "@/lib/env";
import { getQueue } from "@/lib/jobs/queue";
import "@/lib/jobs/queues";
import { describeError, log } from "@/lib/log";

/** The process's niceness (0 is the web server's; 19 the lowest priority). */
const CONFIRM_NICENESS = 10;

async function main(): Promise<void> {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  // Below the web server: where the two share CPU, answering the gateway comes first and confirmations take the
  // time it leaves (their jobs wait in the queue meanwhile; none is lost).
  setPriority(CONFIRM_NICENESS);
  const boss = await getQueue();
  await registerCallbackWorkers(boss, getDb);
  const stopListening = await listenForWakes(url);
  log().info({ pid: process.pid }, "confirmation worker ready");

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopListening().catch(() => undefined);
    await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
    await closeDb().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

/** postgres.js's throw under a closing connection (db/reconnect.ts): its query failed and its job is retried; carry on. */
process.on("uncaughtException", (err) => {
  if (isPostgresClosedWriteThrow(err)) {
    log().warn(describeError(err), "a database connection closed under a pending write (postgres.js); carrying on");
    return;
  }
  log().error(describeError(err), "confirmation worker failed");
  process.exit(1);
});

main().catch((err: unknown) => {
  log().error(describeError(err), "confirmation worker could not start");
  process.exit(1);
});
