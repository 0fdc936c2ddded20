"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { secondaryButtonClass } from "@/components/ui/field";
import { FOUR_EYES_SENTENCE, type PendingChangeRef } from "@/lib/pending-changes/kinds";
import { apiFetch } from "@/lib/http/api-fetch";
import { formatBalance } from "@/lib/merchants/format-balance";
import type { BalanceLine } from "@/lib/merchants/test-connection";
import type { Environment } from "@/lib/smilepayz/hosts";
import { ApprovalThresholds } from "./approval-thresholds";
import { EnvironmentBadge } from "./environment-badge";

export interface CredentialRow {
  id: number;
  merchantId: string;
  name: string;
  environment: Environment;
  customBaseUrl: string | null;
  /** The server's word: this credential reaches the sandbox gateway the deployment runs. */
  bundledSandbox: boolean;
  baseUrl: string | null;
  callbackBaseUrl: string | null;
  processingWindowS: number | null;
  payerDisplayName: string | null;
  merchantSecretMasked: string;
  hasPrivateKey: boolean;
  publicKey: string | null;
  publicKeyFingerprint: string | null;
  platformPublicKey: string;
  platformKeyFingerprint: string | null;
  accounts: { currency: string; kind: "payin" | "payout"; accountNo: string }[];
  subMerchants: { subMerchantId: string; name: string }[];
}

/** The server's BalanceLine as it arrives: bigints travel as decimal strings. */
type WireLine = Omit<BalanceLine, "balance" | "available"> & { balance?: string; available?: string };
interface TestResult {
  ok: boolean;
  lines: WireLine[];
}

const KIND_LABEL = { payin: "Pay-in", payout: "Pay-out" } as const;

function ResultLine({ l }: { l: WireLine }) {
  const head = (
    <span className="font-medium">
      {l.currency} {KIND_LABEL[l.kind]} <span className="font-mono text-xs text-slate-500">{l.accountNo}</span>
    </span>
  );
  if (l.ok && l.balance !== undefined) {
    return (
      <li className="rounded border border-emerald-200 bg-emerald-50 p-2 text-emerald-900" data-testid="balance-line">
        {head}
        <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1">
          <div>
            <dt className="inline text-emerald-700">Balance </dt>
            <dd className="inline font-semibold tabular-nums" data-testid="balance">{formatBalance(l.balance, l.currency, l.minorDigits)}</dd>
          </div>
          {l.available !== undefined ? (
            <div>
              <dt className="inline text-emerald-700">Available </dt>
              <dd className="inline font-semibold tabular-nums" data-testid="available">{formatBalance(l.available, l.currency, l.minorDigits)}</dd>
            </div>
          ) : null}
        </dl>
      </li>
    );
  }
  return (
    <li className="rounded border border-red-200 bg-red-50 p-2 text-red-800" data-testid="failure-line">
      {head}
      <p className="mt-1" data-testid="failure-message">{l.message ?? "The test failed."}</p>
      {l.raw ? <p className="mt-0.5 break-all font-mono text-xs text-red-600" data-testid="failure-raw">{l.raw}</p> : null}
    </li>
  );
}

export function CredentialCard({ c, onEdit }: { c: CredentialRow; onEdit: () => void }) {
  const qc = useQueryClient();
  const [copied, setCopied] = useState(false);
  const { confirm, dialog } = useConfirm();
  const keyPair = useMutation({
    mutationFn: () => apiFetch<{ publicKey: string; pendingChange: PendingChangeRef | null }>(`/api/merchants/${c.id}/key-pair`, { body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["credentials"] }),
  });
  const test = useMutation({ mutationFn: () => apiFetch<TestResult>(`/api/merchants/${c.id}/test-connection`, { body: {} }) });
  const prod = c.environment === "production";

  const generate = async () => {
    const ok =
      !c.hasPrivateKey ||
      (await confirm({
        title: "Regenerate the key pair?",
        body: `Pay-outs stop working until the new public key is uploaded to the Smilepayz merchant back office. The current key pair is replaced and cannot be recovered. ${FOUR_EYES_SENTENCE}`,
        confirmLabel: "Regenerate key pair",
        tone: "danger",
      }));
    if (ok) keyPair.mutate();
  };

  return (
    <article
      data-testid={`credential-${c.merchantId}`}
      className={`space-y-3 rounded-lg border bg-white p-4 shadow-sm ${prod ? "border-prod ring-2 ring-prod" : "border-slate-200"}`}
    >
      {dialog}
      <header className="flex flex-wrap items-center gap-3">
        <h2 className="font-semibold">{c.name}</h2>
        <EnvironmentBadge environment={c.environment} bundledSandbox={c.bundledSandbox} />
        <span className="break-all font-mono text-sm text-slate-500">{c.merchantId}</span>
        <button type="button" className={`${secondaryButtonClass} ml-auto`} onClick={onEdit}>
          Edit
        </button>
      </header>
      {keyPair.data?.pendingChange ? (
        <div role="status" className="space-y-1 rounded bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-300" data-testid="pending-change-notice">
          <p>{keyPair.data.pendingChange.message}</p>
          <p className="text-xs">The new public key, to upload once it is approved:</p>
          <textarea readOnly rows={2} value={keyPair.data.publicKey} className="w-full rounded border bg-white p-1 font-mono text-xs" aria-label="New public key (pending)" />
        </div>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr] [&_dd]:min-w-0 [&_dd]:break-words">
        <dt className="text-slate-500">Base URL</dt>
        <dd className="break-all font-mono">{c.baseUrl}</dd>
        <dt className="text-slate-500">Merchant secret</dt>
        <dd className="font-mono" data-testid="secret-masked">{c.merchantSecretMasked}</dd>
        <dt className="text-slate-500">Private key</dt>
        <dd>{c.hasPrivateKey ? "Stored (encrypted)" : <span className="text-amber-700">None yet</span>}</dd>
        <dt className="text-slate-500">Platform key fingerprint</dt>
        <dd className="break-all font-mono text-xs">{c.platformKeyFingerprint}</dd>
        <dt className="text-slate-500">Accounts</dt>
        <dd className="break-words">{c.accounts.map((a) => `${a.currency} ${KIND_LABEL[a.kind]} ${a.accountNo}`).join(" · ") || "—"}</dd>
      </dl>
      {c.publicKey ? (
        <div className="space-y-1">
          <p className="text-sm font-medium">Public key for the Smilepayz merchant backend</p>
          <textarea readOnly rows={3} data-testid="public-key" value={c.publicKey} className="w-full rounded border bg-slate-50 p-2 font-mono text-xs" />
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() => void navigator.clipboard.writeText(c.publicKey ?? "").then(() => setCopied(true))}
            >
              {copied ? "Copied" : "Copy"}
            </button>
            <a className={secondaryButtonClass} href={`/api/merchants/${c.id}/public-key`} download>
              Download
            </a>
            <span className="min-w-0 self-center break-all font-mono text-xs text-slate-500">SHA-256 {c.publicKeyFingerprint}</span>
          </div>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondaryButtonClass} onClick={() => void generate()} disabled={keyPair.isPending}>
          {keyPair.isPending ? "Generating…" : c.hasPrivateKey ? "Regenerate key pair" : "Generate key pair"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => test.mutate()} disabled={test.isPending}>
          {test.isPending ? "Testing…" : "Test connection"}
        </button>
      </div>
      {keyPair.error ? <p role="alert" className="text-sm text-red-700">{keyPair.error.message}</p> : null}
      {test.error ? <p role="alert" className="text-sm text-red-700" data-testid="test-error">{test.error.message}</p> : null}
      {test.data ? (
        <ul data-testid="test-result" className="space-y-2 text-sm" aria-live="polite">
          {test.data.lines.map((l) => (
            <ResultLine key={`${l.currency}-${l.kind}`} l={l} />
          ))}
        </ul>
      ) : null}
      <ApprovalThresholds credentialId={c.id} />
    </article>
  );
}
