import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, type KeyObject } from "node:crypto";

/**
 * The gateway must know each merchant's secret (it is part of the signed string), but keeps it encrypted so a
 * dump of the shared database shows no plaintext: AES-256-GCM under a key derived from its platform key.
 */
const derived = new WeakMap<KeyObject, Buffer>();
function keyFrom(platformKey: KeyObject): Buffer {
  // Derived once per platform key (every authenticated request opens a secret).
  let k = derived.get(platformKey);
  if (!k) {
    const der = platformKey.export({ format: "der", type: "pkcs8" });
    k = Buffer.from(hkdfSync("sha256", createHash("sha256").update(der).digest(), Buffer.alloc(0), "sandbox-gateway merchant secrets", 32));
    derived.set(platformKey, k);
  }
  return k;
}

export function sealSecret(platformKey: KeyObject, plaintext: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", keyFrom(platformKey), iv);
  const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  return `gw1:${iv.toString("base64")}:${c.getAuthTag().toString("base64")}:${ct.toString("base64")}`;
}

export function openSecret(platformKey: KeyObject, sealed: string): string | null {
  const [v, iv, tag, ct] = sealed.split(":");
  if (v !== "gw1" || !iv || !tag || !ct) return null;
  try {
    const d = createDecipheriv("aes-256-gcm", keyFrom(platformKey), Buffer.from(iv, "base64"));
    d.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([d.update(Buffer.from(ct, "base64")), d.final()]).toString("utf8");
  } catch {
    return null;
  }
}
