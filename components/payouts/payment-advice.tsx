import type { PayoutView } from "@/lib/orders/order-view";
import { formatDateTime, formatUtc } from "@/lib/words/date-time";
import { methodName } from "@/lib/words/methods";

/**
 * Proof of payment for a paid pay-out, laid out for paper: amount, beneficiary (masked as the viewer's permission
 * allows, as the API shows it), when it was paid, and both references. No controls inside the printed area.
 */
export function PaymentAdvice({ p, local }: { p: PayoutView; local: { zone: string; city: string } | null }) {
  const rows: [string, string][] = [
    ["Amount paid", p.amountDisplay],
    ["Beneficiary", p.receiverName ?? "—"],
    ["Paid to", `${methodName(p.region, p.method)} ${p.account}${p.network ? ` (${p.network})` : ""}`],
    ["Paid on", p.finalAt ? `${local ? `${formatDateTime(p.finalAt, { timeZone: local.zone })} (${local.city}) · ` : ""}${formatUtc(p.finalAt)}` : "—"],
    ["Our reference (orderNo)", p.orderNo],
    ["Smilepayz reference (tradeNo)", p.tradeNo ?? "—"],
    ["Paid from", p.merchantName],
    ["Purpose", p.purpose],
  ];
  return (
    <article data-testid="payment-advice" className="mx-auto max-w-2xl rounded-lg border border-slate-300 bg-white p-6 print:max-w-none print:border-0 print:p-0">
      <h2 className="text-lg font-semibold">Payment advice</h2>
      <p className="mb-4 text-sm text-slate-600">This pay-out was paid: the gateway confirmed it as successful.</p>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-600">{k}</dt>
            <dd className="break-all" data-testid={`advice-${k.split(" ")[0]?.toLowerCase()}`}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-6 text-xs text-slate-500">Printed from the Smilepayz back-office. Account numbers may be masked.</p>
    </article>
  );
}
