/**
 * Does this request show a person at work (so it keeps the session from idling)? A browser's background fetches
 * (live refetches, polling) and its event stream do not; a page load the person asked for does, and so does the
 * tab's own report of input (POST /api/account/activity). Requests from outside a browser (curl, scripts: no
 * `Sec-Fetch-Mode`) each count, as there is no tab to report input for them. Pure module.
 */
export function isPersonActivity(headers: { get(name: string): string | null }): boolean {
  const mode = headers.get("sec-fetch-mode");
  if (mode === null) return true;
  if (mode !== "navigate") return false;
  // Next's link prefetches are not a person's page load.
  return headers.get("next-router-prefetch") === null && headers.get("purpose") !== "prefetch" && headers.get("sec-purpose") === null;
}
