import "server-only";
import { createDecipheriv, hkdfSync } from "node:crypto";

/**
 * Reading next-auth v4's session cookie (a JWE, `dir` + A256GCM, key = HKDF-SHA256 of NEXTAUTH_SECRET) without
 * re-deriving the key on every request: next-auth's `decode` runs HKDF per call, which was the largest single
 * cost of a signed-in request. Same checks as its `decode` (jose `jwtDecrypt`, clockTolerance 15 s): the header
 * must say dir/A256GCM (no zip, no crit), the GCM tag must verify (AAD = the protected header as sent), `exp` and
 * `nbf` are enforced. Anything else is null. The session row is still checked by the caller on every request.
 */
const CLOCK_TOLERANCE_S = 15;
const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) {
    k = Buffer.from(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    keys.clear(); // one secret in use; a rotated secret replaces it
    keys.set(secret, k);
  }
  return k;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

export function decodeSessionCookie(token: string, secret: string, nowS = Math.floor(Date.now() / 1000)): Record<string, unknown> | null {
  if (!secret || token.length > 8192) return null;
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [header64, encryptedKey, iv64, ct64, tag64] = parts as [string, string, string, string, string];
  if (encryptedKey !== "" || !parts.every((p) => B64URL.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(header64, "base64url").toString("utf8")) as Record<string, unknown>;
    if (header.alg !== "dir" || header.enc !== "A256GCM" || "zip" in header || "crit" in header) return null;
    const iv = Buffer.from(iv64, "base64url");
    const tag = Buffer.from(tag64, "base64url");
    if (iv.length !== 12 || tag.length !== 16) return null;
    const d = createDecipheriv("aes-256-gcm", keyFor(secret), iv, { authTagLength: 16 });
    d.setAAD(Buffer.from(header64, "ascii"));
    d.setAuthTag(tag);
    const plain = Buffer.concat([d.update(Buffer.from(ct64, "base64url")), d.final()]).toString("utf8");
    const payload = JSON.parse(plain) as unknown;
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
    const claims = payload as Record<string, unknown>;
    if (claims.exp !== undefined && (typeof claims.exp !== "number" || claims.exp <= nowS - CLOCK_TOLERANCE_S)) return null;
    if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf > nowS + CLOCK_TOLERANCE_S)) return null;
    return claims;
  } catch {
    return null;
  }
}
