import "server-only";

/**
 * A fixed one-minute window per client address for the payer's public page and its status feed. Kept in this
 * process (bounded: the map is cleared each window and never holds more than MAX_KEYS addresses), so N instances
 * allow N times the limit; a proxy in front may limit harder. Anonymous traffic writes nothing to the database.
 */
const WINDOW_MS = 60_000;
const MAX_KEYS = 20_000;
export const PUBLIC_PAGE_LIMIT = 60;

let windowStart = 0;
const counts = new Map<string, number>();

/** True when this address may have one more public request this minute. */
export function allowPublicRequest(ip: string | null, limit = PUBLIC_PAGE_LIMIT, now = Date.now()): boolean {
  if (now - windowStart >= WINDOW_MS) {
    windowStart = now;
    counts.clear();
  }
  const key = ip ?? "unknown";
  const n = (counts.get(key) ?? 0) + 1;
  if (!counts.has(key) && counts.size >= MAX_KEYS) return false;
  counts.set(key, n);
  return n <= limit;
}
