import { z } from "zod";

/**
 * A calendar day in a query string (YYYY-MM-DD; UTC unless a `tz` comes with it), shared by every list and export filter. Only real days of
 * 1970-2999: 2026-13-01, 2026-02-30, 0000-00-00 and 9999-99-99 are field errors, never a date the database (or
 * JavaScript) would refuse or roll over. An empty value is no filter. Pure module.
 */
export const FIRST_DAY = "1970-01-01";
export const LAST_DAY = "2999-12-31";

export function isRealDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const isoDay = z
  .string()
  .trim()
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Use YYYY-MM-DD")
  .refine((v) => v === "" || isRealDay(v), "Not a real date")
  .refine((v) => v === "" || (v >= FIRST_DAY && v <= LAST_DAY), `Choose a day from ${FIRST_DAY} to ${LAST_DAY}`)
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** For an object schema with `from` and `to`: the end may not be before the start. */
export const fromNotAfterTo: [(v: { from?: string; to?: string }) => boolean, { path: string[]; message: string }] = [
  (v) => !v.from || !v.to || v.from <= v.to,
  { path: ["to"], message: "The end is before the start" },
];

/** Whether the runtime knows this IANA zone ("Asia/Bangkok", "America/Sao_Paulo", "UTC"). */
export function isTimeZone(v: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
    return true;
  } catch {
    return false;
  }
}

/**
 * The viewer's time zone for `from`/`to` (the browser sends its own, `tz=Asia/Bangkok`), so a day is the viewer's
 * day; without it, days are UTC days, as the API has always documented.
 */
export const timeZoneParam = z
  .string()
  .trim()
  .max(64)
  .regex(/^[A-Za-z0-9_+\-/]*$/, "An IANA time zone, e.g. Asia/Bangkok")
  .refine((v) => v === "" || isTimeZone(v), "Not a time zone this server knows (e.g. Asia/Bangkok)")
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** Minutes the zone is ahead of UTC at this instant (Bangkok +420, São Paulo -180). */
function zoneOffsetMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? "0");
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour") % 24, n("minute"), n("second"));
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/** The instant a day's midnight happens in a zone (UTC when none): the offset is checked again after the shift (DST). */
function midnight(day: string, timeZone: string | undefined, addDays = 0): Date {
  const utc = Date.parse(`${day}T00:00:00Z`) + addDays * 86_400_000;
  if (!timeZone) return new Date(utc);
  let at = utc - zoneOffsetMinutes(utc, timeZone) * 60_000;
  at = utc - zoneOffsetMinutes(at, timeZone) * 60_000;
  return new Date(at);
}

/** The first instant of a day, and of the day after (`to` is inclusive), in the viewer's zone or UTC: only for days isoDay accepted. */
export const startOfDay = (day: string, timeZone?: string) => midnight(day, timeZone);
export const startOfNextDay = (day: string, timeZone?: string) => midnight(day, timeZone, 1);
