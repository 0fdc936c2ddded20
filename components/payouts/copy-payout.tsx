"use client";

import { statusWord } from "@/lib/words/statuses";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { apiFetch } from "@/lib/http/api-fetch";
import type { PayoutDetailView } from "@/lib/orders/get-order";
import type { PayoutView } from "@/lib/orders/order-view";
import { getRegion } from "@/lib/smilepayz/regions";
import { minorToDecimal } from "@/lib/smilepayz/regions/money";
import { EMPTY_PAYOUT_FORM, type PayoutFormValues } from "./payout-form-logic";

/** A masked account ("••••7890") cannot be sent again: the person types it. */
const isMasked = (v: string | null) => !v || /[•*]/.test(v);

/** The form's fields from an earlier pay-out: same beneficiary, amount and purpose; a new orderNo (left empty). */
export function copyPayoutValues(p: PayoutView): PayoutFormValues {
  const region = getRegion(p.region);
  return {
    ...EMPTY_PAYOUT_FORM,
    credentialId: String(p.credentialId),
    region: p.region,
    method: p.method,
    account: isMasked(p.account) ? "" : p.account,
    amount: minorToDecimal(BigInt(p.amountMinor), region.amount.minorDigits),
    purpose: p.purpose,
    receiverName: p.receiverName ?? "",
    taxNumber: isMasked(p.taxNumber) ? "" : (p.taxNumber ?? ""),
    network: p.network ?? "",
  };
}

type CopyState = { pending: boolean; error: string | null; source: PayoutView | null };

/**
 * /payouts/new?from=42: load pay-out 42 once and fill the form with it (the person still reviews and sends).
 * Only once the credential options are there (`ready`): a select cannot show a value it has no option for.
 */
export function useCopiedPayout(from: string | undefined, ready: boolean, reset: (values: never) => void): CopyState | null {
  const q = useQuery({
    queryKey: ["payout", from],
    queryFn: () => apiFetch<PayoutDetailView>(`/api/payouts/${encodeURIComponent(from ?? "")}`),
    enabled: !!from && /^\d+$/.test(from),
  });
  const done = useRef(false);
  useEffect(() => {
    if (!q.data || !ready || done.current) return;
    done.current = true;
    reset(copyPayoutValues(q.data.payout) as never);
  }, [q.data, ready, reset]);
  if (!from) return null;
  return { pending: q.isPending, error: q.error ? q.error.message : null, source: q.data?.payout ?? null };
}

export function CopiedFrom({ state }: { state: CopyState | null }) {
  if (!state) return null;
  if (state.error) return <p role="alert" className="text-sm text-red-700">Could not load the pay-out to copy: {state.error}</p>;
  if (!state.source) return <p className="text-sm text-slate-500">Loading the pay-out to copy…</p>;
  const s = state.source;
  return (
    <p role="status" data-testid="copied-from" className="rounded bg-sky-50 p-3 text-sm text-sky-900 ring-1 ring-sky-200">
      Filled in from pay-out{" "}
      <Link className="font-mono underline" href={`/payouts/${s.id}`}>
        {s.orderNo}
      </Link>{" "}
      ({statusWord("payout", s.status)}). This is a new pay-out with a new orderNo: check every field, and it needs approval again if the amount is
      at or above the threshold.{isMasked(s.account) ? " Type the account again: it is masked for your role." : ""}
    </p>
  );
}
