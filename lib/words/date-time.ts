/**
 * The one way the app writes a moment for people: "6 Dec 2026, 14:05:07 GMT+7", in the viewer's own time zone (the
 * browser's, when `timeZone` is not given) with the zone's name. Pure: components and exports call it.
 */
export function formatDateTime(value: string | Date | null | undefined, opts: { timeZone?: string; dateStyle?: "full" | "time" } = {}): string {
  if (value === null || value === undefined || value === "") return "—";
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const time = { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" } as const;
  return new Intl.DateTimeFormat("en-GB", {
    ...(opts.dateStyle === "time" ? {} : { day: "numeric", month: "short", year: "numeric" }),
    ...time,
    timeZone: opts.timeZone,
    timeZoneName: "short",
  }).format(d);
}

/** The same moment as an exact UTC stamp, for tooltips, logs and exports: "2026-12-01 14:03:07 UTC". */
export function formatUtc(value: string | Date): string {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

/** The viewer's IANA zone (the browser's), sent with list filters so "from 6 Dec" means the viewer's 6 December. */
export function viewerTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** A list's query string with the viewer's zone added when it filters by day (`from`/`to`); unchanged otherwise. */
export function withViewerZone(query: string, timeZone: string | undefined): string {
  if (!timeZone || !/(^|&)(from|to)=/.test(query) || /(^|&)tz=/.test(query)) return query;
  return `${query}&tz=${encodeURIComponent(timeZone)}`;
}
