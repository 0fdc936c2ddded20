import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldsFromIssues } from "@/lib/errors";
import { createCredentialSchema, updateCredentialSchema } from "@/lib/merchants/schemas";

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const SPKI_PEM = publicKey.export({ format: "pem", type: "spki" }).toString();
const PKCS1_PEM = publicKey.export({ format: "pem", type: "pkcs1" }).toString();
const PRIVATE_PEM = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const bare = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, "");

const good = (over: Record<string, unknown> = {}) => ({
  merchantId: "m1",
  name: "Merchant",
  environment: "sandbox",
  merchantSecret: "secret-123",
  platformPublicKey: bare(SPKI_PEM),
  ...over,
});
const fields = (input: Record<string, unknown>, schema: z.ZodType = createCredentialSchema) => {
  const r = schema.safeParse(input);
  return r.success ? {} : fieldsFromIssues(r.error.issues);
};

describe("credential schema (the form's and the server's one schema): refusals in words", () => {
  it("a private-network callback URL is refused with a sentence, not a schema's words", () => {
    const f = fields(good({ callbackBaseUrl: "https://10.1.2.3" }));
    expect(f).toEqual({ callbackBaseUrl: "This address is inside a private network: callbacks go to this app's public https:// address" });
  });

  it("an empty custom URL is refused when the environment is custom, even while other fields are wrong", () => {
    expect(fields(good({ environment: "custom", customBaseUrl: "" }))).toEqual({ customBaseUrl: "Enter the base URL of the custom gateway" });
    expect(fields(good({ environment: "custom" }))).toEqual({ customBaseUrl: "Enter the base URL of the custom gateway" });
    const many = fields(good({ environment: "custom", customBaseUrl: "", callbackBaseUrl: "https://10.1.2.3", merchantSecret: "short", name: "" }));
    expect(Object.keys(many).sort()).toEqual(["callbackBaseUrl", "customBaseUrl", "merchantSecret", "name"]);
    expect(fields(good({ environment: "sandbox", customBaseUrl: "" }))).toEqual({});
  });

  it.each([
    ["Base64 that is not a key", "QUJDREVGR0g=", /^This is not a readable RSA public key/],
    ["random Base64 of a key's length", Buffer.alloc(294, 7).toString("base64"), /^This is not a readable RSA public key/],
    ["a private key", PRIVATE_PEM, /^This is a private key/],
    ["a private key without its armour", bare(PRIVATE_PEM), /^This is not a readable RSA public key/],
    ["a certificate", "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----", /^This is not a readable RSA public key/],
    ["text around the key", `hello\n${SPKI_PEM}`, /nothing before or after/],
  ])("a platform public key that is %s is refused in words", (_what, key, message) => {
    const f = fields(good({ platformPublicKey: key }));
    expect(Object.keys(f)).toEqual(["platformPublicKey"]);
    expect(f.platformPublicKey).toMatch(message);
  });

  it.each([
    ["PEM (SPKI)", SPKI_PEM],
    ["PEM (PKCS#1, RSA PUBLIC KEY)", PKCS1_PEM],
    ["its Base64 body, as the merchant back office shows it", bare(SPKI_PEM)],
    ["Base64 broken over lines", bare(SPKI_PEM).replace(/(.{64})/g, "$1\n")],
  ])("a platform public key as %s is accepted", (_what, key) => {
    expect(fields(good({ platformPublicKey: key }))).toEqual({});
  });

  it("empty optional fields are fine; a wrong one gets its own message, never the empty alternative's", () => {
    const update = good({ merchantSecret: "", privateKey: "", callbackBaseUrl: "", processingWindowS: "" });
    expect(fields(update, updateCredentialSchema)).toEqual({});
    const f = fields(good({ merchantSecret: "short", privateKey: "not a key!", callbackBaseUrl: "ftp://x.example.com", processingWindowS: "3" }), updateCredentialSchema);
    expect(f).toEqual({
      merchantSecret: "The merchant secret has at least 8 characters",
      privateKey: "The merchant private key must be PEM or Base64 only, with nothing before or after it",
      callbackBaseUrl: "Only https:// URLs can receive callbacks",
      processingWindowS: "Between 5 seconds and 86,400 (one day)",
    });
    expect(Object.values(f).join(" ")).not.toMatch(/Invalid input/);
  });
});

describe("the one error model reads a union's real reason", () => {
  it("a failed either-or takes the message of the alternative that was meant, not 'Invalid input'", () => {
    const issues = [
      {
        code: "invalid_union",
        path: ["callbackBaseUrl"],
        message: "Invalid input",
        errors: [[{ code: "invalid_value", path: [], message: 'Invalid input: expected ""' }], [{ code: "custom", path: [], message: "This address is inside a private network" }]],
      },
    ];
    expect(fieldsFromIssues(issues)).toEqual({ callbackBaseUrl: "This address is inside a private network" });
  });
});
