import "server-only";
import { addressGroup } from "@/lib/auth/client-info";

/**
 * A one-minute window per client address (IPv6 by its /64) for the payer's public page and its status feed. Kept
 * in this process, so N instances allow N times the limit; a proxy in front may limit harder. Anonymous traffic
 * writes nothing to the database. The table is bounded (MAX_KEYS) by forgetting the address seen longest ago, never
 * by refusing a newcomer: a flood of new addresses can at most give a quiet address a fresh window, and can never
 * keep a real payer out.
 */
const WINDOW_MS = 60_000;
export const MAX_KEYS = 20_000;
export const PUBLIC_PAGE_LIMIT = 60;

interface Window {
  start: number;
  n: number;
}
/** In order of last request (a Map keeps insertion order: a request moves its address to the end). */
const windows = new Map<string, Window>();

/** True when this address may have one more public request this minute. */
export function allowPublicRequest(ip: string | null, limit = PUBLIC_PAGE_LIMIT, now = Date.now()): boolean {
  const key = addressGroup(ip) || "unknown";
  let w = windows.get(key);
  if (w) windows.delete(key);
  if (!w || now - w.start >= WINDOW_MS) w = { start: now, n: 0 };
  w.n += 1;
  windows.set(key, w);
  // The least recently seen address goes first; one that is still asking is always near the end.
  while (windows.size > MAX_KEYS) {
    const oldest = windows.keys().next().value;
    if (oldest === undefined) break;
    windows.delete(oldest);
  }
  return w.n <= limit;
}
