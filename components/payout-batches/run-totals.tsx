"use client";

import { BalanceAge, usePayoutBalance } from "@/components/balances/use-balances";
import type { CurrencyTotal } from "@/lib/payout-batches/check-rows";
import { REGIONS } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";

const regionOf = (currency: string) => REGIONS.find((r) => r.currency === currency);

/** "61,350.00 THB in 2 pay-outs, 900.00 USDT in 1 pay-out": each amount with its currency once. */
export function totalsText(totals: readonly CurrencyTotal[]): string {
  return totals.map((t) => {
    // The money names its currency once: "2,700.00 THB in 3 pay-outs", never "THB: 2,700.00 THB THB".
    return `${formatMoney(BigInt(t.totalMinor), t.currency)} in ${t.count} ${t.count === 1 ? "pay-out" : "pay-outs"}`;
  }).join(", ");
}

/** Totals per currency of the good rows, each beside its pay-out account's balance (a warning when short). */
export function RunTotals({ credentialId, totals }: { credentialId: string; totals: readonly CurrencyTotal[] }) {
  return (
    <table className="w-full text-sm" data-testid="run-totals">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="py-1 font-medium">Currency</th>
          <th className="py-1 font-medium">Rows</th>
          <th className="py-1 font-medium">Total</th>
          <th className="py-1 font-medium">Pay-out account</th>
        </tr>
      </thead>
      <tbody>
        {totals.map((t) => (
          <TotalRow key={t.currency} credentialId={credentialId} t={t} />
        ))}
      </tbody>
    </table>
  );
}

function TotalRow({ credentialId, t }: { credentialId: string; t: CurrencyTotal }) {
  const region = regionOf(t.currency);
  const balance = usePayoutBalance(credentialId, region?.code);
  const available = balance.data?.availableMinor ?? balance.data?.balanceMinor ?? null;
  const short = available !== null && BigInt(t.totalMinor) > BigInt(available);
  return (
    <tr className="border-t border-slate-100">
      <td className="py-1">{t.currency}</td>
      <td className="py-1">{t.count}</td>
      <td className="py-1 font-mono">{region ? formatMoney(BigInt(t.totalMinor), region) : `${t.totalMinor} ${t.currency}`}</td>
      <td className={`py-1 ${short ? "text-red-700" : "text-slate-600"}`}>
        {balance.isPending ? (
          "…"
        ) : balance.error ? (
          "unavailable"
        ) : (
          <>
            {`${balance.data.availableDisplay ?? "—"}${short ? " — less than this run's total" : ""}`} <BalanceAge checkedAt={balance.data.checkedAt} />
          </>
        )}
      </td>
    </tr>
  );
}
