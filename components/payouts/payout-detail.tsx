"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { EnvironmentBadge } from "@/components/merchants/environment-badge";
import { secondaryButtonClass } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import { isFinal } from "@/lib/orders/transitions";
import type { PayoutDetailView, PayoutView } from "@/lib/payouts/payout-view";
import { useLiveEvents } from "@/components/live/live-events";
import { approvePayout, approveRequest, rejectPayout, rejectRequest } from "./payout-actions";
import { beneficiaryLine, formatInstant } from "./payout-text";
import { PayoutCallbacks, PayoutTimeline } from "./payout-timeline";
import { dangerButtonClass } from "./decision-dialog";
import { useDecision } from "./use-decision";

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

function LiveNote() {
  const state = useLiveEvents();
  return <span className="text-xs text-slate-500">{state === "live" ? "updates live" : state === "connecting" ? "reconnecting…" : "live updates off: reload"}</span>;
}

/** One pay-out: every field, the approve / reject decision, the timeline, what was sent and what came back. */
export function PayoutDetail({ id }: { id: string }) {
  const client = useQueryClient();
  const { ask, dialog } = useDecision();
  const q = useQuery({
    queryKey: ["payout", id],
    queryFn: () => apiFetch<PayoutDetailView>(`/api/payouts/${encodeURIComponent(id)}`),
    // No polling: the tab's event stream (components/live) updates this query when the pay-out moves.
    retry: (n, err) => !(err instanceof ApiError && [400, 403, 404].includes(err.status)) && n < 2,
  });

  if (q.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (q.error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        {q.error instanceof ApiError && q.error.status === 404 ? "No such pay-out (or not one of your merchants')." : q.error.message}
      </p>
    );
  }
  const { payout: p, events, callbacks } = q.data;
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ["payout", id] });
    await client.invalidateQueries({ queryKey: ["payouts"] });
  };
  const onApprove = () =>
    ask(approveRequest(p), async (code) => {
      await approvePayout(p, code);
      await refresh();
    });
  const onReject = () =>
    ask(rejectRequest(1, `${p.amountDisplay} to ${beneficiaryLine(p)}`), async (reason) => {
      await rejectPayout(p.id, reason);
      await refresh();
    });

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          Pay-out <span className="font-mono">{p.orderNo}</span>
        </h1>
        <StatusBadge status={p.status} />
        <span data-testid="payout-status" className="sr-only">
          {p.status}
        </span>
        <EnvironmentBadge environment={p.environment} />
        {!isFinal("payout", p.status) ? <LiveNote /> : null}
      </header>

      {p.flagReason ? (
        <p role="status" className="rounded bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-300">
          Flagged for review: {p.flagReason}
        </p>
      ) : null}

      {p.status === "PENDING_APPROVAL" ? (
        <section className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 sm:flex-row sm:items-center" aria-label="Approval">
          <p className="flex-1 text-sm text-amber-900">
            {p.canApprove
              ? "This pay-out is at or above the approval threshold and waits for your decision."
              : "Waiting for a second person to approve it (the creator cannot)."}
          </p>
          {p.canApprove ? (
            <div className="flex gap-2">
              <button type="button" className={secondaryButtonClass} onClick={onReject}>
                Reject
              </button>
              <button type="button" className={dangerButtonClass} onClick={onApprove}>
                Approve
              </button>
            </div>
          ) : null}
        </section>
      ) : null}

      <dl className="grid gap-4 rounded-lg border bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
        <Item label="Amount" testId="detail-amount">
          <span className="font-semibold">{p.amountDisplay}</span>
          <span className="block text-xs text-slate-500">on the wire: {p.wireAmount}</span>
        </Item>
        <Item label="Merchant credential">{p.merchantName}</Item>
        <Item label="Region">{`${p.region} (${p.currency})`}</Item>
        <Item label="Method">{p.network ? `${p.method} · ${p.network}` : p.method}</Item>
        <Item label="Account" testId="detail-account">
          <span className="font-mono">{p.account}</span>
        </Item>
        <Item label="Receiver name">{p.receiverName}</Item>
        <Item label="Receiver tax number">{p.taxNumber ? <span className="font-mono">{p.taxNumber}</span> : null}</Item>
        <Item label="Purpose">{p.purpose}</Item>
        <Item label="orderNo">
          <span className="font-mono">{p.orderNo}</span>
        </Item>
        <Item label="tradeNo">{p.tradeNo ? <span className="font-mono">{p.tradeNo}</span> : null}</Item>
        <Item label="Gateway status">
          {p.gatewayStatus ?? p.gatewayCode ? [p.gatewayStatus, p.gatewayCode, p.gatewayMessage].filter(Boolean).join(" · ") : null}
        </Item>
        <Item label="Approval">{approvalText(p)}</Item>
        <Item label="Created">{`${formatInstant(p.createdAt)}${p.createdBy ? ` by ${p.createdBy.name}` : ""}`}</Item>
        <Item label="Sent">{p.sentAt ? formatInstant(p.sentAt) : null}</Item>
        <Item label="Final">{p.finalAt ? formatInstant(p.finalAt) : null}</Item>
        <Item label="Content hash">
          <span className="break-all font-mono text-xs">{p.contentHash}</span>
        </Item>
      </dl>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Timeline</h2>
        <PayoutTimeline events={events} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Callbacks</h2>
        <PayoutCallbacks callbacks={callbacks} />
      </section>
      <Link href="/payouts" className="text-sm text-slate-700 underline">
        All pay-outs
      </Link>
      {dialog}
    </div>
  );
}

function approvalText(p: PayoutView): string {
  if (p.rejectedBy) return `Rejected by ${p.rejectedBy.name}${p.rejectReason ? `: ${p.rejectReason}` : ""}`;
  if (p.approvedBy) return `Approved by ${p.approvedBy.name} at ${formatInstant(p.approvedAt)}`;
  if (p.approvalRequired) return "Required (at or above the threshold)";
  return "Not required (below the threshold)";
}
