import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PayerPage } from "@/components/payins/payer-page";
import { getDb } from "@/db";
import { clientInfo } from "@/lib/auth/client-info";
import { findPublicPayin } from "@/lib/payins/public-payin";
import { allowPublicRequest } from "@/lib/payins/public-rate-limit";

export const dynamic = "force-dynamic";

// The token is in the address: no referrer leaves this page (the cashier link, the return address), no indexing.
export const metadata: Metadata = { title: "Payment request", referrer: "no-referrer", robots: { index: false, follow: false } };

/** The payer's page: public (no sign-in), behind an unguessable token, showing only what the payer needs. */
export default async function PayPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { ip } = clientInfo(await headers());
  if (!allowPublicRequest(ip)) {
    return (
      <main className="mx-auto mt-16 max-w-sm p-4 text-center">
        <h1 className="text-lg font-semibold">Too many requests</h1>
        <p className="mt-2 text-sm text-slate-600">Wait a minute, then reload this page.</p>
      </main>
    );
  }
  const found = await findPublicPayin(getDb(), token);
  if (!found) notFound();
  return <PayerPage token={token} initial={found.view} />;
}
