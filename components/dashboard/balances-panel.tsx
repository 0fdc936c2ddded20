"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { BalanceAge, refreshAllBalances, useAllBalances } from "@/components/balances/use-balances";
import { EnvironmentBadge } from "@/components/merchants/environment-badge";
import { secondaryButtonClass } from "@/components/ui/field";

/**
 * Balances per currency of each credential the user may see, with their age, and a refresh. The one balance source
 * (useAllBalances): asked again when an order of the account settles, so it never lags the pay-out form.
 */
export function BalancesPanel() {
  const qc = useQueryClient();
  const [refreshing, setRefreshing] = useState(false);
  const q = useAllBalances();
  const refresh = async () => {
    setRefreshing(true);
    try {
      await refreshAllBalances(qc);
    } finally {
      setRefreshing(false);
    }
  };
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Balances">
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-medium">Balances</h2>
        <button type="button" className={secondaryButtonClass} onClick={() => void refresh()} disabled={refreshing || q.isPending}>
          {refreshing ? "Asking the gateway…" : "Refresh balances"}
        </button>
      </div>
      {q.isPending ? <p className="mt-2 text-sm text-slate-500">Asking the gateway…</p> : null}
      {q.error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {q.error.message}
        </p>
      ) : null}
      {q.data?.credentials.length === 0 ? <p className="mt-2 text-sm text-slate-500">No merchant credential with balance accounts.</p> : null}
      <div className="mt-2 space-y-3">
        {q.data?.credentials.map((c) => (
          <div key={c.credentialId} data-testid="balance-credential">
            <p className="flex flex-wrap items-center gap-2 text-sm font-medium [overflow-wrap:anywhere]">
              {c.name} <EnvironmentBadge environment={c.environment} bundledSandbox={c.bundledSandbox} />
            </p>
            <ul className="mt-1 divide-y divide-slate-100 text-sm">
              {c.lines.map((l) => (
                <li
                  key={`${l.currency}-${l.kind}`}
                  className="flex flex-wrap items-baseline justify-between gap-x-3 py-1"
                  data-testid="balance-line"
                  data-currency={l.currency}
                  data-kind={l.kind}
                  data-available-minor={l.availableMinor ?? ""}
                >
                  <span>
                    {l.currency} {l.kind === "payout" ? "pay-out" : "pay-in"} <span className="text-xs text-slate-500">…{l.accountHint}</span>
                  </span>
                  {l.ok ? (
                    <span className="tabular-nums" data-testid="balance-amount">
                      {l.balanceDisplay}
                      {l.availableDisplay && l.availableDisplay !== l.balanceDisplay ? <span className="text-xs text-slate-500"> ({l.availableDisplay} available)</span> : null}
                    </span>
                  ) : (
                    <span className="text-xs text-red-700">{l.message}</span>
                  )}
                  <BalanceAge checkedAt={l.checkedAt} />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
