import type { Metadata } from "next";
import { PayerLinkGone } from "@/components/payins/payer-link-gone";
import { requestPayerLang } from "@/lib/payins/request-payer-lang";

export const metadata: Metadata = { referrer: "no-referrer", robots: { index: false, follow: false } };

/** A payer link that finds no pay-in: the payer's page for it, never the staff app's "Not found". */
export default async function PayerLinkNotFound() {
  return <PayerLinkGone lang={await requestPayerLang()} />;
}
