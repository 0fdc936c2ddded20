import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { SECRET_PREFIX, SECRET_RE } from "./api-key-scopes";

const B32 = "abcdefghijklmnopqrstuvwxyz234567";

/** A new key's public prefix: 10 base-32 characters (50 bits), unique in the database. */
export function newPrefix(): string {
  return Array.from(randomBytes(10), (b) => B32[b & 31]).join("");
}

/** A new secret for a prefix: 32 random bytes. Shown once; only its hash is stored. */
export function newSecret(prefix: string): { secret: string; hash: string } {
  const secret = `${SECRET_PREFIX}${prefix}_${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashSecret(secret) };
}

/** SHA-256, hex: a secret of 256 random bits needs no slow hash. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The prefix of something shaped like a secret, or null. */
export function prefixOf(secret: string): string | null {
  return SECRET_RE.exec(secret)?.[1] ?? null;
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  if (!storedHash || !/^[0-9a-f]{64}$/.test(storedHash)) return false;
  return timingSafeEqual(Buffer.from(hashSecret(secret), "hex"), Buffer.from(storedHash, "hex"));
}
