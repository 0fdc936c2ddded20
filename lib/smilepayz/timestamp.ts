/** X-TIMESTAMP handling: `yyyy-MM-ddTHH:mm:ss±HH:mm` in a region's UTC offset. Pure; safe anywhere. */

const TS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;

/** Format an instant as X-TIMESTAMP in the given offset (minutes east of UTC, e.g. 420 for +07:00). */
export function formatTimestamp(date: Date, offsetMinutes: number): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${shifted.getUTCFullYear()}-${p(shifted.getUTCMonth() + 1)}-${p(shifted.getUTCDate())}` +
    `T${p(shifted.getUTCHours())}:${p(shifted.getUTCMinutes())}:${p(shifted.getUTCSeconds())}` +
    `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`
  );
}

/** Parse X-TIMESTAMP strictly; null when it is not in the wire format. */
export function parseTimestamp(value: string): Date | null {
  const m = TS_RE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(utc);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(om) > 59 || Number(oh) > 14) return null;
  const offset = (Number(oh) * 60 + Number(om)) * (sign === "-" ? -1 : 1);
  return new Date(utc - offset * 60_000);
}

/** The gateway accepts an X-TIMESTAMP at most this far from its clock (API.md: ±5 minutes). */
export const TIMESTAMP_WINDOW_MS = 5 * 60_000;

/** True when the timestamp is within ±windowMs of now (the gateway's ±5 minutes). */
export function isTimestampFresh(value: string, now: Date, windowMs = TIMESTAMP_WINDOW_MS): boolean {
  const t = parseTimestamp(value);
  return t !== null && Math.abs(t.getTime() - now.getTime()) <= windowMs;
}
