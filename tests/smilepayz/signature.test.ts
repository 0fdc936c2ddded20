import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  KeyFormatError,
  callbackStringToSign,
  requestStringToSign,
  signRequest,
  signRequestAsync,
  verifyCallback,
  verifyRequest,
} from "@/lib/smilepayz/signature";

interface RequestVector {
  name: string;
  xTimestamp: string;
  body: string;
  stringToSign: string;
  xSignature: string;
}
interface CallbackVector {
  name: string;
  xTimestamp: string;
  body: string;
  stringToSign: string;
  xSignature: string;
}
interface Vectors {
  merchantSecret: string;
  requests: RequestVector[];
  callbacks: CallbackVector[];
}

const dir = new URL("../fixtures/smilepayz/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), "utf8");
const vectors = JSON.parse(read("vectors.json")) as Vectors;
const pem = {
  merchantPrivate: read("merchant-private.pem"),
  merchantPublic: read("merchant-public.pem"),
  platformPublic: read("platform-public.pem"),
};
/** The form the Smilepayz backend exchanges keys in: Base64 DER on one line, no armour. */
const bare = (p: string) => p.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");

/** Change the character at index i to a different one of the same class (digit stays digit, etc.). */
function mutateAt(s: string, i: number): string {
  const c = s.charAt(i);
  const next = /\d/.test(c) ? String((Number(c) + 1) % 10) : c === "A" ? "B" : c === "+" ? "/" : "A";
  return s.slice(0, i) + next + s.slice(i + 1);
}
const tradeNoOf = (body: string) => (JSON.parse(body) as { tradeNo: string }).tradeNo;

describe("request vectors", () => {
  it("covers every request in the fixture", () => {
    expect(vectors.requests.length).toBeGreaterThanOrEqual(7);
    expect(bare(pem.merchantPrivate)).not.toContain("-");
  });

  describe.each(vectors.requests)("$name", (v) => {
    const args = { timestamp: v.xTimestamp, merchantSecret: vectors.merchantSecret, body: v.body };

    it("builds the vector's stringToSign", () => {
      expect(requestStringToSign(v.xTimestamp, vectors.merchantSecret, v.body)).toBe(v.stringToSign);
    });

    it("signs to the exact xSignature with a PEM key and with bare Base64 DER", () => {
      expect(signRequest({ ...args, privateKey: pem.merchantPrivate })).toBe(v.xSignature);
      expect(signRequest({ ...args, privateKey: bare(pem.merchantPrivate) })).toBe(v.xSignature);
    });

    it("signs to the same exact xSignature off the main thread (signRequestAsync, the client's path)", async () => {
      await expect(signRequestAsync({ ...args, privateKey: pem.merchantPrivate })).resolves.toBe(v.xSignature);
      await expect(signRequestAsync({ ...args, privateKey: bare(pem.merchantPrivate) })).resolves.toBe(v.xSignature);
    });

    it("verifies with the merchant public key (PEM and bare)", () => {
      expect(verifyRequest({ ...args, signature: v.xSignature, merchantPublicKey: pem.merchantPublic })).toBe(true);
      expect(verifyRequest({ ...args, signature: v.xSignature, merchantPublicKey: bare(pem.merchantPublic) })).toBe(
        true,
      );
    });

    it("fails for another secret, a changed body, or the wrong public key", () => {
      const base = { ...args, signature: v.xSignature, merchantPublicKey: pem.merchantPublic };
      expect(verifyRequest({ ...base, merchantSecret: mutateAt(vectors.merchantSecret, 0) })).toBe(false);
      expect(verifyRequest({ ...base, body: `${v.body} ` })).toBe(false);
      expect(verifyRequest({ ...base, merchantPublicKey: pem.platformPublic })).toBe(false);
    });
  });
});

describe("callback vectors", () => {
  it("covers every callback in the fixture", () => {
    expect(vectors.callbacks.length).toBeGreaterThanOrEqual(3);
  });

  describe.each(vectors.callbacks)("$name", (v) => {
    const tradeNo = tradeNoOf(v.body);
    const ok = { tradeNo, timestamp: v.xTimestamp, signature: v.xSignature, platformPublicKey: pem.platformPublic };

    it("builds the vector's stringToSign from the body's tradeNo", () => {
      expect(callbackStringToSign(tradeNo, v.xTimestamp)).toBe(v.stringToSign);
    });

    it("verifies with the platform public key (PEM and bare)", () => {
      expect(verifyCallback(ok)).toBe(true);
      expect(verifyCallback({ ...ok, platformPublicKey: bare(pem.platformPublic) })).toBe(true);
    });

    it("fails after one character of tradeNo changes", () => {
      expect(verifyCallback({ ...ok, tradeNo: mutateAt(tradeNo, tradeNo.length - 1) })).toBe(false);
      expect(verifyCallback({ ...ok, tradeNo: mutateAt(tradeNo, 0) })).toBe(false);
    });

    it("fails after one character of the timestamp changes", () => {
      // Index 18 is the last digit of the seconds: a one-second shift must already break it.
      expect(verifyCallback({ ...ok, timestamp: mutateAt(v.xTimestamp, 18) })).toBe(false);
    });

    it("fails after one character of the signature changes", () => {
      // Mid-string, not the last data character, whose low bits are padding that decoders ignore.
      expect(verifyCallback({ ...ok, signature: mutateAt(v.xSignature, 40) })).toBe(false);
    });

    it("fails with the merchant key instead of the platform key", () => {
      expect(verifyCallback({ ...ok, platformPublicKey: pem.merchantPublic })).toBe(false);
    });
  });
});

describe("malformed keys and signatures", () => {
  const [v] = vectors.callbacks;
  if (!v) throw new Error("fixture has no callbacks");
  const ok = { tradeNo: tradeNoOf(v.body), timestamp: v.xTimestamp, signature: v.xSignature };
  const truncatedPem = pem.platformPublic.slice(0, 120);

  it.each([
    ["garbage text", "not a key"],
    ["empty", ""],
    ["truncated PEM", truncatedPem],
    ["Base64 that is not DER", "QUJDRA=="],
    ["a private key where a public one belongs", pem.merchantPrivate],
  ])("verifyCallback returns false for a key that is %s", (_why, key) => {
    expect(verifyCallback({ ...ok, platformPublicKey: key })).toBe(false);
  });

  it.each([
    ["empty", ""],
    ["not Base64", "!!!not-base64!!!"],
    ["valid Base64 of the wrong length", "QUJDRA=="],
    ["the signature of another callback", vectors.callbacks[1]?.xSignature ?? ""],
  ])("verifyCallback returns false for a signature that is %s", (_why, signature) => {
    expect(verifyCallback({ ...ok, signature, platformPublicKey: pem.platformPublic })).toBe(false);
  });

  it("verifyRequest returns false for a malformed key instead of throwing", () => {
    const [r] = vectors.requests;
    if (!r) throw new Error("fixture has no requests");
    const args = { timestamp: r.xTimestamp, merchantSecret: vectors.merchantSecret, body: r.body, signature: r.xSignature };
    expect(verifyRequest({ ...args, merchantPublicKey: "-----BEGIN PUBLIC KEY-----\nabc" })).toBe(false);
    expect(verifyRequest({ ...args, merchantPublicKey: "%%%" })).toBe(false);
  });

  const signWith = (privateKey: string) =>
    signRequest({ timestamp: v.xTimestamp, merchantSecret: "s", body: "{}", privateKey });

  it.each([
    ["garbage text", "not a key"],
    ["a public key", pem.merchantPublic],
    ["truncated PEM", pem.merchantPrivate.slice(0, 200)],
    ["a non-RSA (EC) key", generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString()],
  ])("signRequest throws KeyFormatError for %s, without key material in the message", (_why, key) => {
    expect(() => signWith(key)).toThrow(KeyFormatError);
    try {
      signWith(key);
    } catch (e) {
      const message = (e as Error).message;
      expect(message).not.toContain(bare(pem.merchantPrivate).slice(30, 60));
      expect(message).not.toContain("MII");
    }
  });
});
