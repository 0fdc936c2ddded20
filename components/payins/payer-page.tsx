"use client";

import QRCode from "qrcode";
import { useEffect, useState, useSyncExternalStore } from "react";
import type { PayerLang } from "@/lib/payins/payer-language";
import { PAYER_TEXTS } from "@/lib/payins/payer-texts";
import type { PublicPayinView } from "@/lib/payins/public-payin-view";
import { CopyButton } from "@/components/orders/copy-button";
import { PayerLanguageSwitch } from "./payer-language-switch";

const FINAL_TONE: Record<Exclude<PublicPayinView["status"], "WAITING">, string> = {
  SUCCESS: "bg-emerald-50 text-emerald-900 border-emerald-300",
  FAILED: "bg-red-50 text-red-900 border-red-300",
  EXPIRED: "bg-slate-100 text-slate-800 border-slate-300",
  CANCELLED: "bg-slate-100 text-slate-800 border-slate-300",
};

/** This device's clock in whole seconds, checked four times a second; null while the server draws the page. */
const subscribeClock = (tick: () => void) => {
  const t = setInterval(tick, 250);
  return () => clearInterval(t);
};
const deviceSecond = () => Math.floor(Date.now() / 1000);
const serverSecond = () => null;

/**
 * Seconds left, read from this device's clock only once the page is in the browser: the server's clock (and a
 * phone's, which may be off) would draw a different number, and React would throw the server's page away.
 */
function useCountdown(expiresAt: string | null): number | null {
  const now = useSyncExternalStore(subscribeClock, deviceSecond, serverSecond);
  return expiresAt && now !== null ? Math.max(0, Math.floor(Date.parse(expiresAt) / 1000) - now) : null;
}

function clock(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h > 0 ? `${h}:` : ""}${String(m).padStart(h > 0 ? 2 : 1, "0")}:${String(sec).padStart(2, "0")}`;
}

/** The payer's view: shop, amount, QR, cashier link, bank account with copy, countdown, live status; Thai or English. */
/** One line of the transfer details; nothing when the gateway gave no value. */
function Fact({ label, value, className, testId }: { label: string; value: string | null | undefined; className: string; testId?: string }) {
  if (!value) return null;
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd className={className} data-testid={testId}>
        {value}
      </dd>
    </>
  );
}

export function PayerPage({ token, initial, lang }: { token: string; initial: PublicPayinView; lang: PayerLang }) {
  const t = PAYER_TEXTS[lang];
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
  const final = view.status === "WAITING" ? null : { ...t.final[view.status], tone: FINAL_TONE[view.status] };
  const copy = { copiedLabel: t.copied, failedLabel: t.copyFailed };
  return (
    <main lang={lang} className="mx-auto max-w-md space-y-4 p-4 text-center">
      <PayerLanguageSwitch lang={lang} />
      <p className="text-base font-medium text-slate-800" data-testid="payer-merchant">
        {t.paymentTo(view.merchantName)}
      </p>
      <h1 className="text-3xl font-semibold" data-testid="pay-amount">
        {view.payAmountDisplay ?? view.amountDisplay}
      </h1>
      {view.payAmountDisplay ? (
        <p className="text-sm text-amber-800" data-testid="pay-amount-note">
          {t.payExactly(view.payAmountDisplay, view.amountDisplay)}
        </p>
      ) : null}
      {view.description ? (
        <p className="text-sm text-slate-700" data-testid="payer-description">
          {view.description}
        </p>
      ) : null}
      <p className="font-mono text-xs text-slate-500">
        {t.reference} {view.orderNo}
      </p>
      <div role="status" aria-live="polite" data-testid="payer-status" data-status={view.status} className={`rounded border p-3 ${final ? final.tone : "border-sky-300 bg-sky-50 text-sky-900"}`}>
        {final ? (
          <>
            <p className="font-semibold">{final.title}</p>
            <p className="text-sm">{final.body}</p>
          </>
        ) : view.qrString || view.paymentUrl || view.vaNumber ? (
          <p className="font-semibold">{t.waiting}</p>
        ) : (
          <p className="font-semibold">{t.preparing}</p>
        )}
      </div>
      {!final && view.expiresAt ? (
        <p className="min-h-5 text-sm" data-testid="countdown">
          {left === null ? null : left > 0 ? (
            <>
              {t.timeLeft} <span className="font-mono font-semibold">{clock(left)}</span>
            </>
          ) : (
            t.timeOver
          )}
        </p>
      ) : null}
      {!final && qr ? (
        // eslint-disable-next-line @next/next/no-img-element -- a data: URL drawn here, nothing to optimise
        <img src={qr} alt={t.qrAlt} width={280} height={280} className="mx-auto" data-testid="payer-qr" />
      ) : null}
      {!final && (view.receiverBankName || view.vaNumber) ? (
        <div className="space-y-3 rounded border bg-white p-3 text-left text-sm" data-testid="payer-bank">
          <p className="font-semibold">{t.transferTo}</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2">
            <Fact label={t.bank} value={view.receiverBankName} className="font-semibold" />
            <Fact label={t.accountName} value={view.receiverAccountName} className="font-semibold" testId="account-name" />
            <Fact label={t.accountNumber} value={view.vaNumber} className="font-mono text-lg break-all" testId="va-number" />
            <Fact label={t.amount} value={view.payAmountDisplay ?? view.amountDisplay} className="font-mono text-lg" testId="bank-amount" />
          </dl>
          <div className="flex flex-wrap gap-2">
            {view.vaNumber ? <CopyButton text={view.vaNumber} label={t.copyAccountNumber} testId="copy-account-number" {...copy} /> : null}
            <CopyButton text={view.payAmountPlain} label={t.copyAmount} testId="copy-amount" {...copy} />
          </div>
          {view.receiverAccountName ? <p className="text-xs text-slate-600">{t.checkAccountName}</p> : null}
        </div>
      ) : null}
      {!final && view.paymentUrl ? (
        <div className="space-y-2">
          <a href={view.paymentUrl} rel="noreferrer noopener" className="inline-block rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white" data-testid="cashier-link">
            {t.openCashier}
          </a>
          <div className="flex items-center justify-center gap-2">
            <CopyButton text={view.paymentUrl} label={t.copyLink} {...copy} />
          </div>
        </div>
      ) : null}
      {final && view.redirectUrl ? (
        <a href={view.redirectUrl} rel="noreferrer noopener" className="text-sm underline">
          {t.backToShop}
        </a>
      ) : null}
    </main>
  );
}
