"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { EnvironmentBadge } from "@/components/merchants/environment-badge";
import { apiFetch } from "@/lib/http/api-fetch";
import type { ApprovalNeedView } from "@/lib/payouts/approval-need";
import type { CreatePayout } from "@/lib/payouts/schemas";
import type { Environment } from "@/lib/smilepayz/hosts";
import { findPayoutMethod, getRegion } from "@/lib/smilepayz/regions";
import { formatMoney } from "@/lib/words/money";
import { balanceWarning } from "./payout-form-logic";
import { usePayoutBalance } from "@/components/balances/use-balances";

export interface ReviewCredential {
  id: number;
  name: string;
  merchantId: string;
  environment: Environment;
  bundledSandbox?: boolean;
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid gap-1 border-b py-2 sm:grid-cols-3">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="break-words text-sm text-slate-900 sm:col-span-2" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Everything that will be sent, in the canonical form the server stores (normalized account, wire amount). */
export function PayoutReview({ payout, body, credential }: { payout: CreatePayout; body: Record<string, string>; credential: ReviewCredential | undefined }) {
  const region = getRegion(payout.region);
  const method = findPayoutMethod(region, payout.method);
  const balance = usePayoutBalance(String(payout.credentialId), payout.region);
  const available = balance.data ? (balance.data.availableMinor ?? balance.data.balanceMinor) : null;
  const warning = balanceWarning(payout.amountMinor, available, payout.region);
  return (
    <section aria-labelledby="review-title" className="space-y-3" data-testid="payout-review">
      <h2 id="review-title" className="text-lg font-semibold">
        Review the pay-out
      </h2>
      <dl className="rounded-lg border bg-white px-4">
        <Row label="Merchant credential" testId="review-credential">
          {credential ? (
            <span className="inline-flex flex-wrap items-center gap-2">
              {credential.name} <span className="font-mono text-xs text-slate-500">{credential.merchantId}</span>
              <EnvironmentBadge environment={credential.environment} bundledSandbox={credential.bundledSandbox} />
            </span>
          ) : (
            `#${payout.credentialId}`
          )}
        </Row>
        <Row label="Region">{`${region.name} (${region.currency})`}</Row>
        <Row label="Amount" testId="review-amount">
          <span className="text-base font-semibold">{formatMoney(payout.amountMinor, region)}</span>
          <span className="block text-xs text-slate-500">{region.amount.describe(payout.amountMinor)}</span>
        </Row>
        <Row label={region.code === "BR" ? "Pix key" : "Beneficiary"} testId="review-beneficiary">
          <span className="block">{method?.label ?? payout.method}</span>
          {payout.network ? <span className="block">Network {payout.network}</span> : null}
          <span className="block font-mono">{payout.account}</span>
          {payout.receiverName ? <span className="block">{payout.receiverName}</span> : null}
        </Row>
        {payout.taxNumber ? (
          <Row label="Receiver tax number">
            <span className="font-mono">{payout.taxNumber}</span>
          </Row>
        ) : null}
        <Row label="Purpose">{payout.purpose}</Row>
        <Row label="orderNo">{payout.orderNo ?? <span className="text-slate-500">generated when the pay-out is created</span>}</Row>
        <Row label="Pay-out account balance">
          {balance.data ? (balance.data.availableDisplay ?? "—") : balance.error ? "unavailable" : "checking…"}
          {warning ? (
            <span role="status" className="mt-1 block rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 ring-1 ring-amber-300" data-testid="balance-warning">
              {warning}
            </span>
          ) : null}
        </Row>
      </dl>
      <ApprovalNeedLine body={body} currency={region.currency} />
    </section>
  );
}

/** Whether this pay-out will wait for a second person, and why, as the server will decide it (threshold and splits). */
function ApprovalNeedLine({ body, currency }: { body: Record<string, string>; currency: string }) {
  const need = useQuery({
    queryKey: ["approval-need", body],
    queryFn: () => apiFetch<ApprovalNeedView>("/api/payouts/approval-need", { body }),
    retry: false,
    staleTime: 0,
  });
  if (need.data) {
    return (
      <p
        role="status"
        id="review-approval"
        data-testid="review-approval"
        data-approval-required={need.data.required ? "true" : "false"}
        className={`rounded-lg px-3 py-2 text-sm ring-1 ${need.data.required ? "bg-amber-50 text-amber-900 ring-amber-300" : "bg-emerald-50 text-emerald-900 ring-emerald-300"}`}
      >
        <strong className="block">{need.data.required ? "Needs a second person's approval" : "No approval needed: sent right away"}</strong>
        {need.data.reason}
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-600" id="review-approval" data-testid="review-approval" data-checking={need.isFetching ? "true" : undefined}>
      {need.isPending ? "Checking whether this pay-out needs approval… " : ""}
      At or above the merchant&apos;s approval threshold for {currency} (counting this account&apos;s pay-outs of the last 24 hours), the
      pay-out waits for a second person to approve it; below it, it is sent to the gateway right away.
    </p>
  );
}
