import "server-only";
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser that signed in to an
 * account gets a signed token for that account. With it, sign-in attempts count against the device's own
 * allowance and skip the account's and the address's delays, so a stranger's wrong guesses cannot keep the
 * account's owner out. The token names the user and the user's `device_generation`: raising that number (disable,
 * password change, two-factor reset) revokes every device token of the user. HMAC key: HKDF of NEXTAUTH_SECRET.
 */
export const DEVICE_COOKIE_PREFIX = "sp_device_";
export const DEVICE_TOKEN_MAX_AGE_S = 180 * 86_400;

export interface DeviceToken {
  userId: number;
  generation: number;
  issuedAt: number;
  /** Random, the device's throttle key (`dev:<nonce>`). */
  nonce: string;
}

let cached: { secret: string; key: Buffer } | undefined;
function key(): Buffer | null {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) return null;
  if (cached?.secret !== secret) {
    cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", "smilepayz device cookie v1", 32)) };
  }
  return cached.key;
}

const mac = (k: Buffer, payload: string) => createHmac("sha256", k).update(`dev1|${payload}`).digest("base64url");

/** Per account, so one browser can be known to several accounts; the name does not show the e-mail. */
export function deviceCookieName(email: string): string | null {
  const k = key();
  return k ? DEVICE_COOKIE_PREFIX + createHmac("sha256", k).update(`name|${email.toLowerCase()}`).digest("base64url").slice(0, 16) : null;
}

export function issueDeviceToken(userId: number, generation: number, now = Date.now()): string | null {
  const k = key();
  if (!k) return null;
  const payload = `${userId}.${generation}.${Math.floor(now / 1000)}.${randomBytes(16).toString("base64url")}`;
  return `${payload}.${mac(k, payload)}`;
}

const TOKEN_RE = /^(\d{1,18})\.(\d{1,9})\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** The token's claims when its signature is right and it is not older than the cookie's life; else null. */
export function readDeviceToken(raw: string | null | undefined, now = Date.now()): DeviceToken | null {
  const k = key();
  const m = raw && raw.length <= 200 ? TOKEN_RE.exec(raw) : null;
  if (!k || !m) return null;
  const [, userId, generation, issuedAt, nonce, sig] = m;
  const expected = Buffer.from(mac(k, `${userId}.${generation}.${issuedAt}.${nonce}`));
  const given = Buffer.from(sig ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const token = { userId: Number(userId), generation: Number(generation), issuedAt: Number(issuedAt), nonce: nonce ?? "" };
  if (token.issuedAt * 1000 + DEVICE_TOKEN_MAX_AGE_S * 1000 < now) return null;
  return token;
}

/** Set-Cookie attributes: httpOnly, SameSite=Lax, Secure when the app is served over https. */
export function deviceCookieOptions() {
  const base = env().NEXTAUTH_URL ?? env().APP_BASE_URL ?? "";
  return { httpOnly: true, sameSite: "lax" as const, secure: base.startsWith("https://"), path: "/api/auth", maxAge: DEVICE_TOKEN_MAX_AGE_S };
}
