"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { detailKey, OrderStoryView, type OrderPageAccess } from "@/components/orders/order-story";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { inputClass, secondaryButtonClass } from "@/components/ui/field";
import { TimeText } from "@/components/ui/time-text";
import { apiFetch } from "@/lib/http/api-fetch";
import type { PayinView } from "@/lib/orders/order-view";
import { CopyButton } from "@/components/orders/copy-button";
import { getRegion } from "@/lib/smilepayz/regions";
import { formatWireAmount } from "@/lib/words/money";
import { clock, durationWords, useCountdown } from "./countdown";

const BANGKOK = { zone: "Asia/Bangkok", city: "Bangkok" };
const FINAL = ["SUCCESS", "FAILED", "EXPIRED", "CANCELLED", "NOT_ACCEPTED"];

/** What the payer's link does once the pay-in is over: it still opens, but only to say how it ended. */
const CLOSED_LINK: Record<string, string> = {
  SUCCESS: "Closed: the payment was received. The payer's page now only says so.",
  EXPIRED: "Closed: the time to pay is over. The payer's page now only says so; create a new pay-in to ask again.",
  FAILED: "Closed: the payment did not go through. The payer's page now only says so; create a new pay-in to ask again.",
  CANCELLED: "Closed: this pay-in was cancelled. The payer's page now only says so.",
  NOT_ACCEPTED: "Closed: the gateway did not accept this pay-in, so the payer cannot pay it.",
};

function linkState(p: PayinView): string {
  if (p.payerLinkRevokedAt && !p.payerLinkActive) return "Revoked: the payer's page answers Not found.";
  if (FINAL.includes(p.status)) return CLOSED_LINK[p.status] ?? "Closed.";
  return p.payerLinkActive ? "Active: the payer's page works." : "No link.";
}

/** The payer's time left, ticking, while the pay-in waits for them. */
function TimeLeft({ expiresAt }: { expiresAt: string }) {
  const left = useCountdown(expiresAt);
  if (left === null) return null;
  return (
    <span data-testid="payin-countdown" className={left > 0 ? "font-mono font-semibold" : "text-slate-700"}>
      {left > 0 ? `${clock(left)} left for the payer` : "The time to pay is over; waiting for the gateway to confirm it expired."}
    </span>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words">{children}</dd>
    </>
  );
}

/**
 * One pay-in's page (components/orders/order-story.tsx); pay-in readers also get what went on the wire, what the
 * payer is asked and shown, the time left, and the payer link (new / revoke, for those who may create pay-ins).
 */
export function PayinDetail({ id, access }: { id: string; access: OrderPageAccess }) {
  return (
    <OrderStoryView kind="payin" id={id} access={access}>
      {access.reader ? ({ payin }) => <PayinBody p={payin} canManage={access.canCreate} /> : null}
    </OrderStoryView>
  );
}

function PayinBody({ p, canManage }: { p: PayinView; canManage: boolean }) {
  const qc = useQueryClient();
  const id = String(p.id);
  const key = detailKey("payin", id);
  const [link, setLink] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  const renew = useMutation({
    mutationFn: () => apiFetch<{ payerLink: string }>(`/api/payins/${id}/payer-link`, { method: "POST" }),
    onSuccess: (r) => {
      setLink(r.payerLink);
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: () => apiFetch(`/api/payins/${id}/payer-link/revoke`, { method: "POST" }),
    onSuccess: () => {
      setLink(null);
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const open = !FINAL.includes(p.status);
  return (
    <>
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 rounded-lg border bg-white p-4 text-sm sm:grid-cols-[11rem_1fr]">
      <Row label="Sent to Smilepayz as">
        <span data-testid="wire-amount">{formatWireAmount(p.amountMinor, getRegion(p.region)) || p.wireAmount}</span>
      </Row>
      {p.payAmountDisplay && p.payAmountMinor !== p.amountMinor && p.status !== "SUCCESS" ? (
        <Row label="Payer is asked">{p.payAmountDisplay} (the gateway&apos;s amount, a little different from the amount asked)</Row>
      ) : null}
      {p.status === "SUCCESS" ? (
        <Row label="Paid">
          <span data-testid="payin-paid">
            <strong>{p.payAmountDisplay ?? p.amountDisplay}</strong>
            {p.finalAt ? (
              <>
                {" "}
                on <TimeText at={p.finalAt} local={BANGKOK} />
              </>
            ) : null}
            {p.payAmountMinor !== null && p.payAmountMinor !== p.amountMinor ? <span className="text-slate-500"> ({p.amountDisplay} was asked; the gateway set the amount to pay)</span> : null}
          </span>
        </Row>
      ) : null}
      <Row label="Payer's bank">{p.payerBank}</Row>
      <Row label="Purpose">{p.purpose}</Row>
      <Row label="Payer sees">{p.payerDescription ?? <span className="text-slate-500">no description</span>}</Row>
      <Row label={open ? "Expires" : p.status === "EXPIRED" ? "Expired at" : "Payer had until"}>
        {p.expiresAt ? (
          <>
            <TimeText at={p.expiresAt} local={BANGKOK} />
            {open && ["INIT", "PROCESSING"].includes(p.status) ? (
              <>
                <br />
                <TimeLeft expiresAt={p.expiresAt} />
              </>
            ) : null}
          </>
        ) : (
          `${durationWords(p.expirySeconds)} after sending`
        )}
      </Row>
      {p.receiverBankName || p.vaNumber ? <Row label="Payer transfers to">{[p.receiverBankName, p.vaNumber].filter(Boolean).join(" · ")}</Row> : null}
      {p.redirectUrl ? <Row label="Return address">{p.redirectUrl}</Row> : null}
      {p.flagReason ? <Row label="Needs a person">{p.flagReason}</Row> : null}
    </dl>
    <section className="space-y-2 rounded-lg border bg-white p-4 text-sm" aria-label="Payer link">
      <h2 className="font-semibold">Payer link</h2>
      <p data-testid="payer-link-state">
        {linkState(p)}
      </p>
      {link ? (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <input readOnly value={link} className={`${inputClass} font-mono text-xs`} aria-label="Payer link" data-testid="payer-link" />
          <CopyButton text={link} label="Copy link" />
        </div>
      ) : null}
      {canManage ? (
        <div className="flex flex-wrap gap-2">
          {open ? (
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={renew.isPending}
              onClick={async () => {
                const ok = await confirm({ title: "Issue a new payer link?", body: "The link sent before stops working at once; send the payer the new one.", confirmLabel: "Issue new link" });
                if (ok) renew.mutate();
              }}
            >
              New link
            </button>
          ) : null}
          {p.payerLinkActive ? (
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={revoke.isPending}
              onClick={async () => {
                const ok = await confirm({ title: "Revoke the payer link?", body: "The payer's page will answer Not found: they can no longer see the QR or the amount.", confirmLabel: "Revoke link", tone: "danger" });
                if (ok) revoke.mutate();
              }}
            >
              Revoke link
            </button>
          ) : null}
        </div>
      ) : null}
      {renew.error || revoke.error ? <p role="alert" className="text-red-700">{(renew.error ?? revoke.error)?.message}</p> : null}
    </section>
      {dialog}
    </>
  );
}
