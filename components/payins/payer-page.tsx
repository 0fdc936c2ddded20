"use client";

import QRCode from "qrcode";
import { useEffect, useState } from "react";
import type { PublicPayinView } from "@/lib/payins/payin-view";
import { CopyButton } from "./copy-button";

const FINAL_TEXT: Record<Exclude<PublicPayinView["status"], "WAITING">, { title: string; body: string; tone: string }> = {
  SUCCESS: { title: "Paid", body: "The payment was received. Thank you.", tone: "bg-emerald-50 text-emerald-900 border-emerald-300" },
  FAILED: { title: "Payment failed", body: "This payment did not go through. Ask the merchant for a new link.", tone: "bg-red-50 text-red-900 border-red-300" },
  EXPIRED: { title: "Expired", body: "The time to pay is over. Ask the merchant for a new link.", tone: "bg-slate-100 text-slate-800 border-slate-300" },
  CANCELLED: { title: "Cancelled", body: "This payment request was cancelled.", tone: "bg-slate-100 text-slate-800 border-slate-300" },
};

function useCountdown(expiresAt: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return expiresAt ? Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000)) : null;
}

function clock(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h > 0 ? `${h}:` : ""}${String(m).padStart(h > 0 ? 2 : 1, "0")}:${String(sec).padStart(2, "0")}`;
}

/** The payer's view: amount, QR, cashier link, bank and VA, countdown, and the status live from a token-scoped stream. */
export function PayerPage({ token, initial }: { token: string; initial: PublicPayinView }) {
  const [view, setView] = useState(initial);
  const [qr, setQr] = useState<string | null>(null);
  const left = useCountdown(view.expiresAt);
  useEffect(() => {
    if (initial.status !== "WAITING") return;
    const source = new EventSource(`/api/pay/${encodeURIComponent(token)}/events`);
    source.addEventListener("status", (m: MessageEvent<string>) => {
      const next = JSON.parse(m.data) as PublicPayinView;
      setView(next);
      if (next.status !== "WAITING") source.close();
    });
    return () => source.close();
  }, [token, initial.status]);
  useEffect(() => {
    if (!view.qrString) return;
    QRCode.toDataURL(view.qrString, { width: 280, margin: 2, errorCorrectionLevel: "M" })
      .then(setQr)
      .catch(() => setQr(null));
  }, [view.qrString]);
  const final = view.status === "WAITING" ? null : FINAL_TEXT[view.status];
  return (
    <main className="mx-auto max-w-md space-y-4 p-4 text-center">
      <p className="text-sm text-slate-600">Payment request</p>
      <h1 className="text-3xl font-semibold" data-testid="pay-amount">
        {view.payAmountDisplay ?? view.amountDisplay}
      </h1>
      {view.payAmountDisplay ? (
        <p className="text-sm text-amber-800" data-testid="pay-amount-note">
          Pay exactly {view.payAmountDisplay}: the amount asked was {view.amountDisplay}, and the bank matches your payment by this exact amount.
        </p>
      ) : null}
      {view.description ? (
        <p className="text-sm text-slate-700" data-testid="payer-description">
          {view.description}
        </p>
      ) : null}
      <p className="font-mono text-xs text-slate-500">Reference {view.orderNo}</p>
      <div role="status" aria-live="polite" data-testid="payer-status" data-status={view.status} className={`rounded border p-3 ${final ? final.tone : "border-sky-300 bg-sky-50 text-sky-900"}`}>
        {final ? (
          <>
            <p className="font-semibold">{final.title}</p>
            <p className="text-sm">{final.body}</p>
          </>
        ) : view.qrString || view.paymentUrl || view.vaNumber ? (
          <p className="font-semibold">Waiting for your payment</p>
        ) : (
          <p className="font-semibold">Preparing your payment…</p>
        )}
      </div>
      {!final && left !== null ? (
        <p className="text-sm" data-testid="countdown">
          {left > 0 ? (
            <>
              Time left to pay: <span className="font-mono font-semibold">{clock(left)}</span>
            </>
          ) : (
            "The time to pay is over."
          )}
        </p>
      ) : null}
      {!final && qr ? (
        // eslint-disable-next-line @next/next/no-img-element -- a data: URL drawn here, nothing to optimise
        <img src={qr} alt="Thai QR (PromptPay) code to scan with your banking app" width={280} height={280} className="mx-auto" data-testid="payer-qr" />
      ) : null}
      {!final && (view.receiverBankName || view.vaNumber) ? (
        <div className="rounded border bg-white p-3 text-sm">
          <p>Transfer to</p>
          {view.receiverBankName ? <p className="font-semibold">{view.receiverBankName}</p> : null}
          {view.vaNumber ? <p className="font-mono text-lg" data-testid="va-number">{view.vaNumber}</p> : null}
        </div>
      ) : null}
      {!final && view.paymentUrl ? (
        <div className="space-y-2">
          <a href={view.paymentUrl} rel="noreferrer noopener" className="inline-block rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white" data-testid="cashier-link">
            Open the payment page
          </a>
          <div className="flex items-center justify-center gap-2">
            <CopyButton text={view.paymentUrl} label="Copy payment link" />
          </div>
        </div>
      ) : null}
      {final && view.redirectUrl ? (
        <a href={view.redirectUrl} rel="noreferrer noopener" className="text-sm underline">
          Back to the shop
        </a>
      ) : null}
    </main>
  );
}
