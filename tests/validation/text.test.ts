import { describe, expect, it } from "vitest";
import { hasControlChars, plainText } from "@/lib/validation/text";
import { createPayoutSchema } from "@/lib/payouts/schemas";

// Found by the hostile-input suite (tests/fuzz/bulk-csv.fuzz.ts): a purpose with a right-to-left override was
// stored, and shows to the approver in another order than it reads.
describe("plain text refuses characters that hide what it says", () => {
  it("refuses bidirectional overrides, embeddings and isolates, and C0/C1 controls", () => {
    for (const ch of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u0000", "\t", "\u0085"]) {
      expect(hasControlChars(`Salary${ch}yralas`), JSON.stringify(ch)).toBe(true);
      expect(plainText("a purpose", 64).safeParse(`Salary${ch}x`).success).toBe(false);
    }
  });

  it("keeps right-to-left scripts and the plain marks they use", () => {
    for (const text of ["\u0645\u0631\u062a\u0628 \u0645\u0627\u0631\u0633", "\u05de\u05e9\u05db\u05d5\u05e8\u05ea", "Invoice \u200f42", "Café Ünïcode"]) {
      expect(hasControlChars(text), text).toBe(false);
    }
  });

  it("a pay-out's purpose with an override is a field error", () => {
    const r = createPayoutSchema.safeParse({ credentialId: 1, region: "TH", method: "KBANK", account: "1234567890", amount: "1500", purpose: "Salary\u202eyralas" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("purpose");
  });
});
