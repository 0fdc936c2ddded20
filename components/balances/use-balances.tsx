"use client";

import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ageText } from "@/components/dashboard/time-text";
import type { CredentialBalances } from "@/lib/balances/balance-view";
import { apiFetch } from "@/lib/http/api-fetch";
import type { PayoutBalanceView } from "@/lib/payouts/balance-view";
import { isRegionCode } from "@/lib/smilepayz/regions";

/**
 * Every balance on every page lives under this one query key and comes from the one server source
 * (lib/balances/read-balances.ts). The tab's event stream invalidates it when an order settles
 * (components/live/live-events.tsx), so the overview, the pay-out form and a run's totals move together.
 */
export const BALANCES_KEY = ["balances"] as const;
/** Asked again at most this often by a page on its own (the server's cache has the same bound). */
const STALE_MS = 60_000;

type AllBalances = { credentials: CredentialBalances[] };

/** The overview's balances: every account of every credential the user may see. */
export function useAllBalances() {
  return useQuery({ queryKey: [...BALANCES_KEY, "all"], queryFn: () => apiFetch<AllBalances>("/api/dashboard/balances"), staleTime: STALE_MS });
}

/** "Refresh balances": ask the gateway again now (the server skips answers younger than 10 s). */
export async function refreshAllBalances(qc: QueryClient): Promise<void> {
  qc.setQueryData([...BALANCES_KEY, "all"], await apiFetch<AllBalances>("/api/dashboard/balances?refresh=1"));
  // The narrower views read the same server cache: refetch them too, so no page shows an older answer.
  await qc.invalidateQueries({ queryKey: [...BALANCES_KEY, "payout"] });
}

/** The pay-out account's balance for a credential and region (the form, its review, a run's totals). */
export function usePayoutBalance(credentialId: string, region: string | undefined) {
  const enabled = /^\d+$/.test(credentialId) && region !== undefined && isRegionCode(region);
  return useQuery({
    queryKey: [...BALANCES_KEY, "payout", credentialId, region],
    queryFn: () => apiFetch<PayoutBalanceView>(`/api/payouts/balance?credentialId=${credentialId}&region=${region ?? ""}`),
    enabled,
    retry: false,
    staleTime: STALE_MS,
  });
}

/** "updated 12 s ago", ticking. */
export function BalanceAge({ checkedAt, className = "text-xs text-slate-500" }: { checkedAt: string; className?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, []);
  return (
    <span className={className} data-testid="balance-age" data-checked-at={checkedAt} suppressHydrationWarning>
      updated {ageText(checkedAt, now)} ago
    </span>
  );
}
