"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { TimeText } from "@/components/ui/time-text";
import type { PayoutView } from "@/lib/orders/order-view";
import { getRegion } from "@/lib/smilepayz/regions";
import { formatWireAmount } from "@/lib/words/money";
import { methodName } from "@/lib/words/methods";

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

/** The gateway's answer to the request itself (accepted or refused), never the payment's outcome. */
function requestAnswer(p: PayoutView): string | null {
  if (!p.gatewayCode) return null;
  const words = [p.gatewayCode, p.gatewayMessage].filter(Boolean).join(" ");
  return p.status === "NOT_ACCEPTED" ? `Refused: ${words}` : `Accepted: ${words}`;
}

function approvalText(p: PayoutView): ReactNode {
  if (p.rejectedBy) return `Rejected by ${p.rejectedBy.name}${p.rejectReason ? `: ${p.rejectReason}` : ""}`;
  if (p.approvedBy) {
    return (
      <>
        Approved by {p.approvedBy.name}, <TimeText at={p.approvedAt} />
      </>
    );
  }
  if (p.approvalRequired) return "Required (at or above the threshold)";
  return "Not required (below the threshold)";
}

/** Every field of a pay-out; gateway moments with the region's local clock beside the viewer's. */
export function PayoutFields({ p, local }: { p: PayoutView; local: { zone: string; city: string } | null }) {
  return (
    <dl className="grid gap-4 rounded-lg border bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
      <Item label="Amount" testId="detail-amount">
        <span className="font-semibold">{p.amountDisplay}</span>
        <span className="block text-xs text-slate-500" data-testid="wire-amount">sent to Smilepayz as {formatWireAmount(p.amountMinor, getRegion(p.region)) || p.wireAmount}</span>
      </Item>
      <Item label="Merchant credential" testId="detail-credential">
        {p.merchantName}
      </Item>
      <Item label="Region">{`${p.region} (${p.currency})`}</Item>
      <Item label="Method">
        <span title={`Code ${p.method}`}>{p.network ? `${methodName(p.region, p.method)} · ${p.network}` : methodName(p.region, p.method)}</span>
      </Item>
      <Item label="Account" testId="detail-account">
        <span className="font-mono">{p.account}</span>
      </Item>
      <Item label="Receiver name">{p.receiverName}</Item>
      {p.beneficiaryId ? (
        <Item label="Saved beneficiary" testId="detail-beneficiary">
          <Link href={`/beneficiaries/${p.beneficiaryId}`} className="underline">Paid by picking it (its details as they were then)</Link>
        </Item>
      ) : null}
      <Item label="Receiver tax number">{p.taxNumber ? <span className="font-mono">{p.taxNumber}</span> : null}</Item>
      <Item label="Purpose">{p.purpose}</Item>
      <Item label="orderNo">
        <span className="font-mono">{p.orderNo}</span>
      </Item>
      <Item label="tradeNo">{p.tradeNo ? <span className="font-mono">{p.tradeNo}</span> : null}</Item>
      <Item label="Gateway status" testId="detail-gateway-status">
        {p.gatewayStatus}
      </Item>
      <Item label="Answer to the request" testId="detail-request-answer">
        {requestAnswer(p)}
      </Item>
      <Item label="Approval">{approvalText(p)}</Item>
      <Item label="Created">
        <TimeText at={p.createdAt} />
        {p.createdBy ? ` by ${p.createdBy.name}` : ""}
      </Item>
      <Item label="Sent" testId="detail-sent">
        {p.sentAt ? <TimeText at={p.sentAt} local={local} /> : null}
      </Item>
      <Item label="Final" testId="detail-final">
        {p.finalAt ? <TimeText at={p.finalAt} local={local} /> : null}
      </Item>
      <Item label="Content hash">
        <span className="break-all font-mono text-xs">{p.contentHash}</span>
      </Item>
    </dl>
  );
}
