"use client";

import { BalanceAge, usePayoutBalance } from "@/components/balances/use-balances";
import { isRegionCode } from "@/lib/smilepayz/regions";
import { balanceWarning } from "./payout-form-logic";

/** The balance line under the amount, with a warning (never a block) when the amount is above it. */
export function BalanceLine({ credentialId, region, amountMinor }: { credentialId: string; region: string; amountMinor: bigint | null }) {
  const balance = usePayoutBalance(credentialId, region);
  if (!balance.isEnabled) return null;
  if (balance.isPending) return <p className="text-xs text-slate-500">Checking the pay-out account balance…</p>;
  if (balance.error) {
    return (
      <p className="text-xs text-slate-500" data-testid="balance-unavailable">
        Balance unavailable ({balance.error.message}); the gateway checks it when the pay-out is sent.
      </p>
    );
  }
  const b = balance.data;
  const warning = isRegionCode(region) ? balanceWarning(amountMinor, b.availableMinor ?? b.balanceMinor, region) : null;
  return (
    <div className="space-y-1 text-xs">
      <p className="text-slate-600" data-testid="payout-balance">
        Pay-out account {b.accountNo ?? ""}: available {b.availableDisplay ?? "—"}
        {b.balanceDisplay && b.balanceDisplay !== b.availableDisplay ? ` (balance ${b.balanceDisplay})` : ""} · <BalanceAge checkedAt={b.checkedAt} className="" />
      </p>
      {warning ? (
        <p role="status" className="rounded bg-amber-50 px-2 py-1 text-amber-900 ring-1 ring-amber-300" data-testid="balance-warning">
          {warning}
        </p>
      ) : null}
    </div>
  );
}
