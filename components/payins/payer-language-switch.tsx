import { PAYER_LANGS, type PayerLang } from "@/lib/payins/payer-language";
import { PAYER_TEXTS } from "@/lib/payins/payer-texts";

const NAMES: Record<PayerLang, string> = { th: "ไทย", en: "English" };

/** Plain links (`?lang=th`), so the switch works before any script runs; the proxy keeps the choice in a cookie. */
export function PayerLanguageSwitch({ lang }: { lang: PayerLang }) {
  return (
    <nav aria-label={PAYER_TEXTS[lang].language} className="flex justify-end gap-3 text-sm" data-testid="payer-lang-switch">
      {PAYER_LANGS.map((l) =>
        l === lang ? (
          <span key={l} aria-current="true" lang={l} className="font-semibold text-slate-900">
            {NAMES[l]}
          </span>
        ) : (
          <a key={l} href={`?lang=${l}`} hrefLang={l} lang={l} className="text-sky-800 underline" data-testid={`payer-lang-${l}`}>
            {NAMES[l]}
          </a>
        ),
      )}
    </nav>
  );
}
