"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeText } from "@/components/ui/time-text";
import type { BeneficiaryDetail as Detail } from "@/lib/beneficiaries/get-beneficiary";
import { apiFetch } from "@/lib/http/api-fetch";
import { BeneficiaryActions } from "./beneficiary-actions";
import { BeneficiaryStatus } from "./beneficiary-status";

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="break-words text-sm text-slate-900" data-testid={testId}>
        {children ?? "—"}
      </dd>
    </div>
  );
}

/** One beneficiary: its details (account masked unless the role sees it whole), who entered and verified them, its pay-outs. */
export function BeneficiaryDetail({ id, canWrite }: { id: number; canWrite: boolean }) {
  const q = useQuery({ queryKey: ["beneficiary", id], queryFn: () => apiFetch<Detail>(`/api/beneficiaries/${id}`) });
  if (q.isPending) return <p className="text-sm text-slate-600">Loading…</p>;
  if (q.error) return <p role="alert" className="text-sm text-red-700">{q.error.message}</p>;
  const { beneficiary: b, payouts } = q.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold">{b.label}</h1>
        <BeneficiaryStatus b={b} />
      </div>
      {b.status === "PENDING_VERIFICATION" && !b.archived ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          These bank details were entered by {b.submittedBy?.name ?? "someone"} and wait for another approver to verify them. Until then nobody can pay this beneficiary by picking it.
        </p>
      ) : null}
      {b.status === "REJECTED" && !b.archived ? (
        <p className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="reject-reason">
          Rejected by {b.rejectedBy?.name ?? "an approver"}: {b.rejectReason}. Correct the details (Edit) to send them for verification again.
        </p>
      ) : null}
      <BeneficiaryActions b={b} canWrite={canWrite} />
      <dl className="grid gap-4 rounded-lg border bg-white p-4 sm:grid-cols-2 lg:grid-cols-3">
        <Item label="Merchant credential">{b.merchantName}</Item>
        <Item label="Region">{`${b.region} (${b.currency})`}</Item>
        <Item label="Bank or wallet">{b.network ? `${b.methodName} · ${b.network}` : b.methodName}</Item>
        <Item label="Account" testId="beneficiary-account">
          <span className="font-mono">{b.account}</span>
        </Item>
        <Item label="Receiver name">{b.receiverName}</Item>
        <Item label="Receiver tax number">{b.taxNumber ? <span className="font-mono">{b.taxNumber}</span> : null}</Item>
        <Item label="Details entered by">{b.submittedBy?.name}</Item>
        <Item label="Verified" testId="beneficiary-verified">
          {b.verifiedBy ? (
            <>
              by {b.verifiedBy.name}, <TimeText at={b.verifiedAt} />
            </>
          ) : null}
        </Item>
        <Item label="Added">
          <TimeText at={b.createdAt} />
          {b.createdBy ? ` by ${b.createdBy.name}` : ""}
        </Item>
      </dl>
      <section className="space-y-2">
        <h2 className="text-base font-semibold">Pay-outs to this beneficiary</h2>
        {payouts.length === 0 ? (
          <p className="text-sm text-slate-600">No pay-outs yet.</p>
        ) : (
          <ul className="divide-y rounded-lg border bg-white">
            {payouts.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm" data-testid="beneficiary-payout">
                <Link href={`/payouts/${p.id}`} className="font-mono underline">
                  {p.orderNo}
                </Link>
                <span className="font-semibold">{p.amountDisplay}</span>
                <StatusBadge status={p.status} />
                <span className="text-xs text-slate-500">
                  <TimeText at={p.createdAt} /> · {p.byId ? "picked from beneficiaries" : "typed in"}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
