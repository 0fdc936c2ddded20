import "server-only";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { DbOrTx } from "@/db";
import { reconnectBackoff } from "@/db/reconnect";

/**
 * The channel on which a web server tells the confirmation workers of any process (scripts/confirm-worker.ts, on
 * this machine or another) that callbacks wait for confirmation. A hint only: the workers still poll.
 */
export const CONFIRM_WAKE_CHANNEL = "smilepayz_callback_confirm";

/** One NOTIFY for the confirmations stored so far (the caller gathers a burst's wakes into one). */
export async function sendConfirmWake(db: DbOrTx): Promise<void> {
  await db.execute(sql`select pg_notify(${CONFIRM_WAKE_CHANNEL}, '')`);
}

/**
 * In the confirmation process: call `onWake` at each NOTIFY on the channel, on a connection of its own that
 * postgres.js opens again (and LISTENs again) after the database went away. Returns the stop.
 */
export async function listenForConfirmWakes(url: string, onWake: () => void): Promise<() => Promise<void>> {
  const client = postgres(url, { max: 1, backoff: reconnectBackoff, onnotice: () => undefined, connection: { application_name: "smilepayz-confirm-wake" } });
  await client.listen(CONFIRM_WAKE_CHANNEL, onWake);
  return () => client.end({ timeout: 2 });
}
