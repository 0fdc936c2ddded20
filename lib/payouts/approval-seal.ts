import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { defaultKeyring, type Keyring } from "@/lib/crypto/secret-box";
import { canonicalContent, storedContent, type PayoutContent, type StoredContent } from "./content-hash";

/**
 * An approval's seal: HMAC-SHA256, under a key derived from APP_ENCRYPTION_KEY (which the database never holds),
 * over what was approved: the pay-out's canonical content, its purpose, its orderNo and its run. Anyone who can
 * write the row can recompute a plain hash, but not this; dispatch recomputes it and sends nothing that differs.
 * Stored as `s1:<keyId>:<hex>` so an encryption key rotated into APP_ENCRYPTION_OLD_KEYS still verifies its seals.
 */
export interface SealedFacts {
  content: PayoutContent;
  purpose: string;
  /** Unique per credential (which the content names): a seal copied onto another row does not verify. */
  orderNo: string;
  /** The run (payout_batches.id) whose approval covers the row, or null for a single pay-out. */
  runId: number | null;
}

const INFO = "smilepayz payout approval seal v1";
const derived = new Map<string, Buffer>();

function sealKey(ring: Keyring, id: string): Buffer | null {
  const cacheKey = `${id}:${ring.keys.get(id)?.toString("base64") ?? ""}`;
  let k = derived.get(cacheKey);
  if (!k) {
    const ikm = ring.keys.get(id);
    if (!ikm) return null;
    k = Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), INFO, 32));
    derived.set(cacheKey, k);
  }
  return k;
}

function mac(key: Buffer, f: SealedFacts): Buffer {
  const message = JSON.stringify(["payout-approval", canonicalContent(f.content), ["purpose", f.purpose], ["orderNo", f.orderNo], ["runId", f.runId]]);
  return createHmac("sha256", key).update(message, "utf8").digest();
}

/** The seal of an approval (a person's, a run's, or the threshold's at creation), under the current key. */
export function sealApproval(f: SealedFacts, ring: Keyring = defaultKeyring()): string {
  const key = sealKey(ring, ring.currentId);
  if (!key) throw new Error("approval seal: the current encryption key is missing");
  return `s1:${ring.currentId}:${mac(key, f).toString("hex")}`;
}

/** Does this stored seal cover exactly these facts? A missing, malformed or foreign seal does not. */
export function sealMatches(stored: string | null, f: SealedFacts, ring: Keyring = defaultKeyring()): boolean {
  const m = /^s1:([A-Za-z0-9_-]{1,32}):([0-9a-f]{64})$/.exec(stored ?? "");
  if (!m?.[1] || !m[2]) return false;
  const key = sealKey(ring, m[1]);
  if (!key) return false;
  return timingSafeEqual(mac(key, f), Buffer.from(m[2], "hex"));
}

/** What a stored pay-out's seal covers, from its columns as they are now. */
export function storedFacts(
  p: StoredContent & { purpose: string; orderNo: string; batchId: number | null },
  m: { merchantId: string },
): SealedFacts {
  return { content: storedContent(p, m), purpose: p.purpose, orderNo: p.orderNo, runId: p.batchId };
}
