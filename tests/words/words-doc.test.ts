import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { wordsDoc } from "@/lib/words/words-doc";

const FILE = path.resolve(__dirname, "../../docs/words.md");

describe("docs/words.md", () => {
  it("lists exactly the words lib/words gives every status, method, money and date (regenerate with UPDATE_WORDS_DOC=1)", () => {
    const want = wordsDoc();
    if (process.env.UPDATE_WORDS_DOC === "1") writeFileSync(FILE, want);
    const have = readFileSync(FILE, "utf8");
    expect(have).toBe(want);
    expect(have).toContain("| `INIT` | Waiting for the payer |");
    expect(have).toContain("| `KBANK` | Kasikornbank | pay-outs |");
    expect(have).toContain("| `GCASH` | GCash | pay-outs |");
  });
});
