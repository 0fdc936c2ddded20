"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { TimeText } from "@/components/ui/time-text";
import type { PayoutView } from "@/lib/orders/order-view";
import { getRegion } from "@/lib/smilepayz/regions";
import { formatWireAmount } from "@/lib/words/money";

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

/**
 * A pay-out's own fields, beside the facts every order shows (components/orders/order-story.tsx: ids, merchant,
 * amount, method, beneficiary, account, tax number, the answer to the request, created, final): what went on the
 * wire, the approval, the gateway's status; gateway moments with the region's local clock beside the viewer's.
 */
export function PayoutFields({ p, local }: { p: PayoutView; local: { zone: string; city: string } | null }) {
  return (
    <dl className="grid gap-4 rounded-lg border bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
      <Item label="Sent to Smilepayz as" testId="wire-amount">
        {formatWireAmount(p.amountMinor, getRegion(p.region)) || p.wireAmount}
      </Item>
      <Item label="Region">{`${p.region} (${p.currency})`}</Item>
      {p.network ? <Item label="Network">{p.network}</Item> : null}
      {p.beneficiaryId ? (
        <Item label="Saved beneficiary" testId="detail-beneficiary">
          <Link href={`/beneficiaries/${p.beneficiaryId}`} className="underline">Paid by picking it (its details as they were then)</Link>
        </Item>
      ) : null}
      <Item label="Purpose">{p.purpose}</Item>
      <Item label="Gateway status" testId="detail-gateway-status">
        {p.gatewayStatus}
      </Item>
      <Item label="Approval">{approvalText(p)}</Item>
      <Item label="Sent" testId="detail-sent">
        {p.sentAt ? <TimeText at={p.sentAt} local={local} /> : null}
      </Item>
      <Item label="Content hash">
        <span className="break-all font-mono text-xs">{p.contentHash}</span>
      </Item>
    </dl>
  );
}
