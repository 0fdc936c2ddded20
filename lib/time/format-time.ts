/**
 * The one way the app writes a moment for people: in the viewer's own time zone (the browser's, when `timeZone`
 * is not given) with the zone's short name, e.g. "1 Dec 2026, 21:03:07 GMT+7". Pure: components call it.
 */
export function formatTime(value: string | Date | null | undefined, opts: { timeZone?: string; dateStyle?: "full" | "time" } = {}): string {
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

/** The same moment as an exact UTC stamp, for tooltips and logs: "2026-12-01 14:03:07 UTC". */
export function formatUtc(value: string | Date): string {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
