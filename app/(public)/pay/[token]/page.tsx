import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PayerPage } from "@/components/payins/payer-page";
import { getDb } from "@/db";
import { clientInfo } from "@/lib/auth/client-info";
import { PAYER_TEXTS } from "@/lib/payins/payer-texts";
import { findPublicPayin } from "@/lib/payins/public-payin";
import { allowPublicRequest } from "@/lib/payins/public-rate-limit";
import { requestPayerLang } from "@/lib/payins/request-payer-lang";

export const dynamic = "force-dynamic";

// The token is in the address: no referrer leaves this page (the cashier link, the return address), no indexing.
export async function generateMetadata(): Promise<Metadata> {
  return { title: PAYER_TEXTS[await requestPayerLang()].pageTitle, referrer: "no-referrer", robots: { index: false, follow: false } };
}

/** The payer's page: public (no sign-in), behind an unguessable token, showing only what the payer needs. */
export default async function PayPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const lang = await requestPayerLang();
  const { ip } = clientInfo(await headers());
  if (!allowPublicRequest(ip)) {
    const t = PAYER_TEXTS[lang];
    return (
      <main lang={lang} className="mx-auto mt-16 max-w-sm p-4 text-center">
        <h1 className="text-lg font-semibold">{t.tooManyTitle}</h1>
        <p className="mt-2 text-sm text-slate-600">{t.tooManyBody}</p>
      </main>
    );
  }
  const found = await findPublicPayin(getDb(), token);
  // A 404 still (nothing says whether the token ever existed), drawn by ./not-found.tsx in the payer's words.
  if (!found) notFound();
  return <PayerPage token={token} initial={found.view} lang={lang} />;
}
