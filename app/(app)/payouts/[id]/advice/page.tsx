import Link from "next/link";
import { PaymentAdvice } from "@/components/payouts/payment-advice";
import { PrintButton } from "@/components/payouts/print-button";
import { getDb } from "@/db";
import { requirePage } from "@/lib/auth/require-page";
import { userCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { getOrder } from "@/lib/orders/get-order";
import type { PayoutView } from "@/lib/orders/order-view";
import { getRegion } from "@/lib/smilepayz/regions";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The paid pay-out the viewer may see, or why there is no advice. */
async function loadPaid(user: Parameters<typeof userCtx>[1], id: string): Promise<{ payout: PayoutView } | { message: string }> {
  const n = Number(id);
  try {
    if (!Number.isSafeInteger(n) || n <= 0) throw new AppError("not_found", "No such pay-out.");
    const { payout } = await getOrder({ ctx: userCtx(getDb(), user), kind: "payout", id: n });
    if (payout.status !== "SUCCESS") return { message: `No payment advice: this pay-out is not paid (its status is ${payout.status}).` };
    return { payout };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== "not_found") throw e;
    return { message: "No such pay-out (or not one of your merchants')." };
  }
}

/** A paid pay-out's payment advice, to print; anything else says why there is none. */
export default async function PaymentAdvicePage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requirePage("/payouts/[id]/advice", searchParams, `/payouts/${encodeURIComponent(id)}/advice`);
  const r = await loadPaid(user, id);
  return (
    <main className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <Link href={`/payouts/${encodeURIComponent(id)}`} className="text-sm underline">
          Back to the pay-out
        </Link>
        {"payout" in r ? <PrintButton /> : null}
      </div>
      {"payout" in r ? <PaymentAdvice p={r.payout} local={getRegion(r.payout.region).localTime} /> : <p role="status">{r.message}</p>}
    </main>
  );
}
