import "server-only";
import type { KeyObject } from "node:crypto";
import type { DbOrTx } from "@/db";
import { merchants } from "@/db/schema";
import { parsePublicKey } from "@/lib/smilepayz/keys";
import { verifyCallback } from "@/lib/smilepayz/signature";

/**
 * Parsed platform public keys, one per merchant row, keyed by the stored key text: a rotated key (new text) is
 * parsed again on its first use, and the map never grows past the number of credentials. Parsing a key costs
 * more than verifying a signature with it, so the hot path must not do it per callback.
 */
const cache = new Map<number, { text: string; key: KeyObject | null }>();

/** The credential's platform key, or null when the stored text is not a readable RSA public key. */
export function platformKeyFor(merchantRowId: number, text: string): KeyObject | null {
  const hit = cache.get(merchantRowId);
  if (hit && hit.text === text) return hit.key;
  let key: KeyObject | null = null;
  try {
    key = parsePublicKey(text);
  } catch {
    key = null;
  }
  cache.set(merchantRowId, { text, key });
  return key;
}

/** Every credential's platform key, read at most once a second (a new or re-keyed credential is seen within 1 s). */
let known: { at: number; keys: KeyObject[] } = { at: 0, keys: [] };
const RELOAD_MS = 1_000;

async function reload(db: DbOrTx): Promise<void> {
  const rows = await db.select({ id: merchants.id, key: merchants.platformPublicKey }).from(merchants);
  known = { at: Date.now(), keys: rows.map((r) => platformKeyFor(r.id, r.key)).filter((k): k is KeyObject => k !== null) };
}

/** One callback's signature against the keys known when it came: those checked, and those that verified it. */
export interface VerifiedBy {
  checked: readonly KeyObject[];
  valid: ReadonlySet<KeyObject>;
}

/**
 * Which credentials' platform keys verify this signature (empty: none, a forgery)? Checked before the order is
 * looked up, so a forged callback costs a few RSA verifications and no database read (and cannot learn which orders
 * exist). The order's own credential is checked after the lookup against this answer (signedWith), not verified
 * again: RSA verification was the route's largest cost of its own.
 */
export async function keysThatSigned(db: DbOrTx, tradeNo: string, timestamp: string, signature: string): Promise<VerifiedBy> {
  if (Date.now() - known.at >= RELOAD_MS) await reload(db);
  const checked = known.keys;
  return { checked, valid: new Set(checked.filter((platformPublicKey) => verifyCallback({ tradeNo, timestamp, signature, platformPublicKey }))) };
}

/**
 * Is the order's credential one whose platform key verified the signature? Its key as stored now (platformKeyFor);
 * a key not among those checked (rotated within the last second, a new credential) is verified here.
 */
export function signedWith(verifiedBy: VerifiedBy, merchantRowId: number, text: string, callback: { tradeNo: string; timestamp: string; signature: string }): boolean {
  const key = platformKeyFor(merchantRowId, text);
  if (key === null) return false;
  if (verifiedBy.valid.has(key)) return true;
  if (verifiedBy.checked.includes(key)) return false;
  return verifyCallback({ ...callback, platformPublicKey: key });
}
