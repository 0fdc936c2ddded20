import type { PayerLang } from "@/lib/payins/payer-language";
import { PAYER_TEXTS } from "@/lib/payins/payer-texts";
import { PayerLanguageSwitch } from "./payer-language-switch";

/** A payer's link that leads nowhere (expired and revoked, replaced, or mistyped): what it means and what to do. */
export function PayerLinkGone({ lang }: { lang: PayerLang }) {
  const t = PAYER_TEXTS[lang];
  return (
    <main lang={lang} className="mx-auto max-w-md space-y-4 p-4 text-center" data-testid="payer-link-gone">
      <PayerLanguageSwitch lang={lang} />
      <h1 className="mt-8 text-xl font-semibold">{t.goneTitle}</h1>
      <p className="text-slate-700">{t.goneBody}</p>
      <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">{t.goneWhatToDo}</p>
    </main>
  );
}
