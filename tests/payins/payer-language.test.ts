import { describe, expect, it } from "vitest";
import { langFromAcceptLanguage, pickPayerLang } from "@/lib/payins/payer-language";
import { PAYER_TEXTS } from "@/lib/payins/payer-texts";

describe("the payer page's language", () => {
  it("follows the browser: a Thai browser gets Thai, an English or unknown one English", () => {
    expect(pickPayerLang({ acceptLanguage: "th-TH,th;q=0.9,en-US;q=0.8,en;q=0.7" })).toBe("th");
    expect(pickPayerLang({ acceptLanguage: "th" })).toBe("th");
    expect(pickPayerLang({ acceptLanguage: "en-GB,en;q=0.9,th;q=0.5" })).toBe("en");
    expect(pickPayerLang({ acceptLanguage: "pt-BR,pt;q=0.9" })).toBe("en");
    expect(pickPayerLang({ acceptLanguage: "de-DE,th;q=0.4" })).toBe("th");
    expect(pickPayerLang({ acceptLanguage: null })).toBe("en");
  });

  it("the payer's own choice (the switch, then its cookie) wins over the browser; a bad value is ignored", () => {
    expect(pickPayerLang({ chosen: "en", cookie: "th", acceptLanguage: "th-TH" })).toBe("en");
    expect(pickPayerLang({ cookie: "en", acceptLanguage: "th-TH" })).toBe("en");
    expect(pickPayerLang({ cookie: "th", acceptLanguage: "en-US" })).toBe("th");
    expect(pickPayerLang({ chosen: "fr", cookie: "<script>", acceptLanguage: "th-TH" })).toBe("th");
  });

  it("ignores a language the browser refuses (q=0) and keeps the higher preference", () => {
    expect(langFromAcceptLanguage("th;q=0, en;q=0.1")).toBe("en");
    expect(langFromAcceptLanguage("en;q=0.3, th;q=0.8")).toBe("th");
  });

  it("both dictionaries say every payer-visible thing, and the Thai one is in Thai", () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(PAYER_TEXTS.th)).toEqual(keys(PAYER_TEXTS.en));
    for (const [k, v] of Object.entries(PAYER_TEXTS.th)) {
      const text = typeof v === "function" ? (v as (...a: string[]) => string)("X", "Y") : typeof v === "string" ? v : JSON.stringify(v);
      expect(text, k).toMatch(/[\u0E00-\u0E7F]/);
    }
  });
});
