import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * AES-256-GCM for secrets at rest (merchant secrets, RSA private keys, TOTP secrets).
 * Stored form: `v1:<keyId>:<iv b64>:<tag b64>:<ciphertext b64>`. The key id lets keys rotate: new writes use the
 * current key, reads accept any key listed in APP_ENCRYPTION_OLD_KEYS. `aad` binds a ciphertext to its row/column
 * so a value copied into another row does not decrypt.
 */

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

export interface Keyring {
  currentId: string;
  keys: Map<string, Buffer>;
}

function decodeKey(b64: string, id: string): Buffer {
  const key = Buffer.from(b64.trim(), "base64");
  if (key.length !== 32) throw new SecretBoxError(`encryption key ${id} must be 32 bytes of Base64`);
  return key;
}

export function keyringFrom(current: { id: string; key: string }, old?: string): Keyring {
  const keys = new Map<string, Buffer>([[current.id, decodeKey(current.key, current.id)]]);
  for (const part of (old ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const idx = part.indexOf(":");
    if (idx <= 0) throw new SecretBoxError("APP_ENCRYPTION_OLD_KEYS must look like id:base64,id:base64");
    const id = part.slice(0, idx);
    if (!keys.has(id)) keys.set(id, decodeKey(part.slice(idx + 1), id));
  }
  return { currentId: current.id, keys };
}

let envKeyring: Keyring | undefined;

/** The keyring from the environment; throws a clear error (no key material) when it is missing. */
export function defaultKeyring(): Keyring {
  if (!envKeyring) {
    const e = env();
    if (!e.APP_ENCRYPTION_KEY) throw new SecretBoxError("APP_ENCRYPTION_KEY is not set");
    envKeyring = keyringFrom({ id: e.APP_ENCRYPTION_KEY_ID, key: e.APP_ENCRYPTION_KEY }, e.APP_ENCRYPTION_OLD_KEYS);
  }
  return envKeyring;
}

export function encryptSecret(plaintext: string, aad: string, ring: Keyring = defaultKeyring()): string {
  const key = ring.keys.get(ring.currentId);
  if (!key) throw new SecretBoxError("current encryption key missing");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v1", ring.currentId, iv.toString("base64"), tag.toString("base64"), ct.toString("base64")].join(":");
}

export function decryptSecret(stored: string, aad: string, ring: Keyring = defaultKeyring()): string {
  const parts = stored.split(":");
  if (parts.length !== 5 || parts[0] !== "v1") throw new SecretBoxError("not an encrypted value");
  const [, keyId = "", ivB64 = "", tagB64 = "", ctB64 = ""] = parts;
  const key = ring.keys.get(keyId);
  if (!key) throw new SecretBoxError(`no key with id ${keyId} to decrypt this value`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivB64, "base64"));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(tagB64, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(ctB64, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("encrypted value failed authentication");
  }
}

/** Key id a stored value was written with (to find values still under an old key). */
export function keyIdOf(stored: string): string | null {
  const parts = stored.split(":");
  return parts.length === 5 && parts[0] === "v1" ? (parts[1] ?? null) : null;
}

/** `••••1234`: the most of a secret anybody is shown. */
export function maskLast4(value: string): string {
  const tail = value.slice(-4);
  return `••••${tail}`;
}
