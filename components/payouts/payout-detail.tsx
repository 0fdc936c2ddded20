"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { EnvironmentBadge } from "@/components/merchants/environment-badge";
import { secondaryButtonClass } from "@/components/ui/field";
import { isFinal } from "@/lib/order-status/transitions";
import { getRegion } from "@/lib/smilepayz/regions";
import { approvePayout, approveRequest, cancelPayout, cancelRequest, rejectPayout, rejectRequest } from "./payout-actions";
import { PayoutFields } from "./payout-fields";
import { beneficiaryLine } from "./payout-text";
import { useLiveEvents } from "@/components/live/live-events";
import { detailKey, OrderStoryView, type OrderPageAccess } from "@/components/orders/order-story";
import type { PayoutView } from "@/lib/orders/order-view";
import { dangerButtonClass } from "./decision-dialog";
import { useDecision } from "./use-decision";

function LiveNote() {
  const state = useLiveEvents();
  return <span className="text-xs text-slate-500">{state === "live" ? "updates live" : state === "connecting" ? "reconnecting…" : "live updates off: reload"}</span>;
}

/**
 * One pay-out's page (components/orders/order-story.tsx); pay-out readers also get its environment, a flag, the
 * approve / reject / cancel decision as the API allows it, and the pay-out's own fields. Admins (not pay-out readers)
 * get none of it: no money control.
 */
export function PayoutDetail({ id, access }: { id: string; access: OrderPageAccess }) {
  return (
    <OrderStoryView kind="payout" id={id} access={access}>
      {access.reader ? ({ payout }) => <PayoutBody p={payout} /> : null}
    </OrderStoryView>
  );
}

function PayoutBody({ p }: { p: PayoutView }) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const { ask, dialog } = useDecision();
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: detailKey("payout", String(p.id)) });
    await client.invalidateQueries({ queryKey: ["payouts"] });
  };
  const onApprove = () =>
    ask(approveRequest(p), async (code) => {
      await approvePayout(p, code);
      setNotice(`Approved: ${p.amountDisplay} to ${beneficiaryLine(p)} is queued to be sent. This page follows its status.`);
      await refresh();
    });
  const onReject = () =>
    ask(rejectRequest(1, `${p.amountDisplay} to ${beneficiaryLine(p)}`), async (reason) => {
      await rejectPayout(p.id, reason);
      setNotice("Rejected: nothing is sent. The creator sees your reason.");
      await refresh();
    });
  const onCancel = () =>
    ask(cancelRequest(p, false), async (reason) => {
      await cancelPayout(p.id, reason);
      setNotice("Cancelled: it will never be sent.");
      await refresh();
    });
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <EnvironmentBadge environment={p.environment} bundledSandbox={p.bundledSandbox} />
        {!isFinal("payout", p.status) ? <LiveNote /> : null}
      </div>

      {p.flagReason ? (
        <p role="status" className="rounded bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-300">
          Flagged for review: {p.flagReason}
        </p>
      ) : null}

      {notice ? (
        <p role="status" data-testid="decision-notice" className="rounded bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-300">
          {notice}
        </p>
      ) : null}

      {p.status === "PENDING_APPROVAL" ? (
        <section className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 sm:flex-row sm:items-center" aria-label="Approval">
          <p className="flex-1 text-sm text-amber-900">
            {p.runId !== null ? (
              <>
                A row of{" "}
                <Link href={`/payouts/runs/${p.runId}`} className="font-medium underline">
                  run {p.runId}
                </Link>
                : it is approved or rejected only with its run.
              </>
            ) : p.canApprove
              ? "This pay-out is at or above the approval threshold and waits for your decision."
              : p.canCancel
                ? "Waiting for a second person to approve it (you created it, so you cannot). You may cancel it while it waits."
                : "Waiting for a second person to approve it (the creator cannot)."}
          </p>
          <div className="flex flex-wrap gap-2">
            {p.canCancel ? (
              <button type="button" className={secondaryButtonClass} onClick={onCancel}>
                Cancel pay-out
              </button>
            ) : null}
            {p.canApprove ? (
              <>
                <button type="button" className={secondaryButtonClass} onClick={onReject}>
                  Reject
                </button>
                <button type="button" className={dangerButtonClass} onClick={onApprove}>
                  Approve
                </button>
              </>
            ) : null}
          </div>
        </section>
      ) : null}

      <PayoutFields p={p} local={getRegion(p.region).localTime} />
      {dialog}
    </>
  );
}
