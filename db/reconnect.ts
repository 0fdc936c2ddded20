/**
 * How long a pool waits before it connects again after connections failed, in seconds: postgres.js's `backoff`, given
 * the pool's failures in a row (reset by a connection that succeeds). postgres.js's own default grows 3× per failure
 * to 10–20 s, so a database that was away for a few seconds while requests and jobs kept failing against it left the
 * pool waiting up to 20 s after it was back: queries made as it stopped answered 10–22 s later (measured on this
 * machine, the database back after 5 s), and the sandbox gateway stored inquiries the app had made before the stop
 * twenty seconds late. Here it doubles from 50 ms to at most a second, with jitter so instances do not reconnect in
 * step: a refused connection costs the database nothing, and a pool is back within a second of its database.
 */
export function reconnectBackoff(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 1);
}

/**
 * postgres.js 3.4.9 can throw from a timer when the database closes a connection under a pending write
 * (porsager/postgres#1154, #1208): outside any await, so nothing can catch it but `uncaughtException`. The query it
 * belonged to has already failed (CONNECTION_CLOSED); a process may carry on after it. This tells that throw apart.
 */
export function isPostgresClosedWriteThrow(err: unknown): boolean {
  return err instanceof TypeError && err.message.includes("reading 'write'") && !!err.stack?.includes("postgres/src/connection.js");
}
