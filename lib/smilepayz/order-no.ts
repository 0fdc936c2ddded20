import { randomBytes } from "node:crypto";

/** orderNo on the wire: 6–32 ASCII letters and digits. The idempotency key of a payment, unique per merchant. */
export const ORDER_NO_RE = /^[A-Za-z0-9]{6,32}$/;

export function isValidOrderNo(value: string): boolean {
  return ORDER_NO_RE.test(value);
}

/** prefix + yyyymmdd (UTC) + 10 random base-36 characters, upper case: e.g. TH20261124K3J9Q0ZP1A. */
export function generateOrderNo(prefix: string, now = new Date()): string {
  const clean = prefix.replace(/[^A-Za-z]/g, "").slice(0, 4).toUpperCase();
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  let rand = "";
  for (const b of randomBytes(10)) rand += (b % 36).toString(36);
  return `${clean}${day}${rand.toUpperCase()}`;
}
