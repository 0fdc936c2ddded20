/**
 * Where to go after sign-in or set-up: `next` resolved as a URL against the app's own origin (a placeholder origin
 * stands for it, so the answer never depends on a Host header) and kept only when it stays on that origin. Browsers
 * drop tabs and newlines and read `\` as `/`, so `/\evil` and `/<tab>/evil` are other hosts and are refused; the
 * path returned reads back as the same URL. Pure module.
 */
const APP_ORIGIN = "http://app.invalid";

export function safeNext(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next === "" || next.length > 2048) return fallback;
  const url = parse(next);
  if (!url || url.origin !== APP_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil` resolves to the path `//evil`, which a browser would take for a host: check the result again.
  if (!path.startsWith("/") || path.startsWith("//") || parse(path)?.href !== url.href) return fallback;
  return path;
}

function parse(value: string): URL | null {
  try {
    return new URL(value, `${APP_ORIGIN}/`);
  } catch {
    return null;
  }
}

type SearchParams = Record<string, string | string[] | undefined>;

/** A page's own path and query, as `next` for the sign-in or set-up page it is sent to. */
export function pathWithQuery(path: string, searchParams: SearchParams = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(searchParams)) {
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) q.append(k, one);
  }
  const query = q.toString();
  return query ? `${path}?${query}` : path;
}

/** `/sign-in?next=…` (or another page), leaving out `next` when it is the overview. */
export function withNext(page: string, next: string): string {
  return next === "/" ? page : `${page}?next=${encodeURIComponent(next)}`;
}
