import { z } from "zod";

/**
 * A calendar day in a query string (YYYY-MM-DD, UTC), shared by every list and export filter. Only real days of
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

/** The first instant of a day, and of the day after (`to` is inclusive): only for days isoDay accepted. */
export const startOfDay = (day: string) => new Date(`${day}T00:00:00Z`);
export const startOfNextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
