import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, keyIdOf, keyringFrom, maskLast4, SecretBoxError } from "@/lib/crypto/secret-box";

const k1 = randomBytes(32).toString("base64");
const k2 = randomBytes(32).toString("base64");

describe("secret-box", () => {
  it("round-trips and never contains the plaintext", () => {
    const ring = keyringFrom({ id: "k1", key: k1 });
    const secret = "7d1f0c3b9a5e4f2a8c6b1d0e3f5a7c9b";
    const stored = encryptSecret(secret, "merchant:1:secret", ring);
    expect(stored).not.toContain(secret);
    expect(stored.startsWith("v1:k1:")).toBe(true);
    expect(decryptSecret(stored, "merchant:1:secret", ring)).toBe(secret);
    // Same plaintext twice gives two different ciphertexts (random IV).
    expect(encryptSecret(secret, "merchant:1:secret", ring)).not.toBe(stored);
  });

  it("refuses a value moved to another row (AAD) or tampered with", () => {
    const ring = keyringFrom({ id: "k1", key: k1 });
    const stored = encryptSecret("abc", "merchant:1:secret", ring);
    expect(() => decryptSecret(stored, "merchant:2:secret", ring)).toThrow(SecretBoxError);
    const parts = stored.split(":");
    const ct = Buffer.from(parts[4] ?? "", "base64");
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[4] = ct.toString("base64");
    expect(() => decryptSecret(parts.join(":"), "merchant:1:secret", ring)).toThrow(SecretBoxError);
  });

  it("rotates: old values decrypt with the old key listed, new writes use the new id", () => {
    const old = keyringFrom({ id: "k1", key: k1 });
    const stored = encryptSecret("s3cret", "x", old);
    const rotated = keyringFrom({ id: "k2", key: k2 }, `k1:${k1}`);
    expect(decryptSecret(stored, "x", rotated)).toBe("s3cret");
    expect(keyIdOf(encryptSecret("s3cret", "x", rotated))).toBe("k2");
    const withoutOld = keyringFrom({ id: "k2", key: k2 });
    expect(() => decryptSecret(stored, "x", withoutOld)).toThrow(/no key with id k1/);
  });

  it("rejects keys that are not 32 bytes", () => {
    expect(() => keyringFrom({ id: "k1", key: randomBytes(16).toString("base64") })).toThrow(SecretBoxError);
  });

  it("masks to the last four", () => {
    expect(maskLast4("1234567890")).toBe("••••7890");
  });
});
