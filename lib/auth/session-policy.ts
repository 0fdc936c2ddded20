/** Session lifetimes, in one place (the sign-in page states them). */
export const IDLE_TIMEOUT_MS = 15 * 60_000;
export const ABSOLUTE_LIMIT_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often per session, to keep reads cheap. */
export const TOUCH_EVERY_MS = 30_000;
