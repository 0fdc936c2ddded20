"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { DetailItem } from "@/components/ui/detail-item";
import { TimeText } from "@/components/ui/time-text";
import type { PayoutView } from "@/lib/orders/order-view";
import { getRegion } from "@/lib/smilepayz/regions";
import { formatWireAmount } from "@/lib/words/money";

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
      <DetailItem label="Sent to Smilepayz as" testId="wire-amount">
        {formatWireAmount(p.amountMinor, getRegion(p.region)) || p.wireAmount}
      </DetailItem>
      <DetailItem label="Region">{`${p.region} (${p.currency})`}</DetailItem>
      {p.network ? <DetailItem label="Network">{p.network}</DetailItem> : null}
      {p.beneficiaryId ? (
        <DetailItem label="Saved beneficiary" testId="detail-beneficiary">
          <Link href={`/beneficiaries/${p.beneficiaryId}`} className="underline">Paid by picking it (its details as they were then)</Link>
        </DetailItem>
      ) : null}
      <DetailItem label="Purpose">{p.purpose}</DetailItem>
      <DetailItem label="Gateway status" testId="detail-gateway-status">
        {p.gatewayStatus}
      </DetailItem>
      <DetailItem label="Approval">{approvalText(p)}</DetailItem>
      <DetailItem label="Sent" testId="detail-sent">
        {p.sentAt ? <TimeText at={p.sentAt} local={local} /> : null}
      </DetailItem>
      <DetailItem label="Content hash">
        <span className="break-all font-mono text-xs">{p.contentHash}</span>
      </DetailItem>
    </dl>
  );
}
