/**
 * The payer page's language: Thai or English. A choice the payer made (the switch's `?lang=`, kept in a cookie)
 * wins; else the browser's Accept-Language (the first of th/en by q-value); else English. No server-only: the
 * proxy and the page both read it, and it holds nothing secret.
 */
export const PAYER_LANGS = ["th", "en"] as const;
export type PayerLang = (typeof PAYER_LANGS)[number];

export const PAYER_LANG_COOKIE = "payer_lang";
/** Set by the proxy from `?lang=` for the request that carries it (the cookie applies from the next one). */
export const PAYER_LANG_HEADER = "x-payer-lang";

export function asPayerLang(v: string | null | undefined): PayerLang | null {
  const s = v?.trim().toLowerCase();
  return s === "th" || s === "en" ? s : null;
}

/** The best of th/en in an Accept-Language header ("th-TH,th;q=0.9,en;q=0.8" -> th); null when neither is there. */
export function langFromAcceptLanguage(header: string | null | undefined): PayerLang | null {
  if (!header) return null;
  let best: { lang: PayerLang; q: number; at: number } | null = null;
  header.split(",").forEach((part, at) => {
    const [tag = "", ...params] = part.trim().split(";");
    const lang = asPayerLang(tag.split("-")[0]);
    if (!lang) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) return;
    if (!best || q > best.q) best = { lang, q, at };
  });
  return (best as { lang: PayerLang } | null)?.lang ?? null;
}

export function pickPayerLang(input: { chosen?: string | null; cookie?: string | null; acceptLanguage?: string | null }): PayerLang {
  return asPayerLang(input.chosen) ?? asPayerLang(input.cookie) ?? langFromAcceptLanguage(input.acceptLanguage) ?? "en";
}
