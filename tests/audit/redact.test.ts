import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "@/lib/audit/redact";

describe("audit redaction", () => {
  it("removes secrets at any depth and keeps the rest", () => {
    const out = redact({
      merchantId: "20001",
      merchantSecret: "abcd",
      merchantSecretEnc: "v1:k1:aaa:bbb:ccc",
      nested: { privateKey: "MIIE...", password: "x", passwordHash: "$argon2id$...", mustChangePassword: true },
      note: "v1:k1:aaa:bbb:ccc",
      amount: 10n,
      list: [{ totpSecret: "JBSWY3DPEHPK3PXP" }],
    });
    expect(out).toEqual({
      merchantId: "20001",
      merchantSecret: REDACTED,
      merchantSecretEnc: REDACTED,
      nested: { privateKey: REDACTED, password: REDACTED, passwordHash: REDACTED, mustChangePassword: true },
      note: REDACTED,
      amount: "10",
      list: [{ totpSecret: REDACTED }],
    });
  });
});
