import "server-only";
import type { KeyObject } from "node:crypto";
import { parsePublicKey } from "@/lib/smilepayz/keys";

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
