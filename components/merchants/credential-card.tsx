"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { secondaryButtonClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import type { Environment } from "@/lib/smilepayz/hosts";
import { EnvironmentBadge } from "./environment-badge";

export interface CredentialRow {
  id: number;
  merchantId: string;
  name: string;
  environment: Environment;
  customBaseUrl: string | null;
  baseUrl: string | null;
  callbackBaseUrl: string | null;
  merchantSecretMasked: string;
  hasPrivateKey: boolean;
  publicKey: string | null;
  publicKeyFingerprint: string | null;
  platformPublicKey: string;
  platformKeyFingerprint: string | null;
  accounts: { currency: string; kind: "payin" | "payout"; accountNo: string }[];
  subMerchants: { subMerchantId: string; name: string }[];
}

interface TestResult {
  ok: boolean;
  lines: { currency: string; kind: string; accountNo: string; ok: boolean; balance?: string; code?: string; message?: string }[];
}

export function CredentialCard({ c, onEdit }: { c: CredentialRow; onEdit: () => void }) {
  const qc = useQueryClient();
  const [copied, setCopied] = useState(false);
  const keyPair = useMutation({
    mutationFn: () => apiFetch<{ publicKey: string }>(`/api/merchants/${c.id}/key-pair`, { body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["credentials"] }),
  });
  const test = useMutation({ mutationFn: () => apiFetch<TestResult>(`/api/merchants/${c.id}/test-connection`, { body: {} }) });
  const prod = c.environment === "production";

  const generate = () => {
    if (c.hasPrivateKey && !window.confirm("Replace the key pair? Calls fail until the new public key is uploaded to Smilepayz.")) return;
    keyPair.mutate();
  };

  return (
    <article
      data-testid={`credential-${c.merchantId}`}
      className={`space-y-3 rounded-lg border bg-white p-4 shadow-sm ${prod ? "border-prod ring-2 ring-prod" : "border-slate-200"}`}
    >
      <header className="flex flex-wrap items-center gap-3">
        <h2 className="font-semibold">{c.name}</h2>
        <EnvironmentBadge environment={c.environment} />
        <span className="font-mono text-sm text-slate-500">{c.merchantId}</span>
        <button type="button" className={`${secondaryButtonClass} ml-auto`} onClick={onEdit}>
          Edit
        </button>
      </header>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr] [&_dd]:min-w-0 [&_dd]:break-words">
        <dt className="text-slate-500">Base URL</dt>
        <dd className="font-mono">{c.baseUrl}</dd>
        <dt className="text-slate-500">Merchant secret</dt>
        <dd className="font-mono" data-testid="secret-masked">{c.merchantSecretMasked}</dd>
        <dt className="text-slate-500">Private key</dt>
        <dd>{c.hasPrivateKey ? "Stored (encrypted)" : <span className="text-amber-700">None yet</span>}</dd>
        <dt className="text-slate-500">Platform key fingerprint</dt>
        <dd className="font-mono text-xs">{c.platformKeyFingerprint}</dd>
        <dt className="text-slate-500">Accounts</dt>
        <dd>{c.accounts.map((a) => `${a.currency} ${a.kind} ${a.accountNo}`).join(" · ") || "—"}</dd>
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
        <button type="button" className={secondaryButtonClass} onClick={generate} disabled={keyPair.isPending}>
          {keyPair.isPending ? "Generating…" : "Generate key pair"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => test.mutate()} disabled={test.isPending}>
          {test.isPending ? "Testing…" : "Test connection"}
        </button>
      </div>
      {keyPair.error ? <p role="alert" className="text-sm text-red-700">{keyPair.error.message}</p> : null}
      {test.error ? <p role="alert" className="text-sm text-red-700" data-testid="test-error">{test.error.message}</p> : null}
      {test.data ? (
        <ul data-testid="test-result" className="space-y-1 text-sm">
          {test.data.lines.map((l) => (
            <li key={`${l.currency}-${l.kind}`} className={l.ok ? "text-emerald-800" : "text-red-700"}>
              {l.currency} {l.kind} {l.accountNo}:{" "}
              {l.ok ? <span data-testid="balance">balance {l.balance}</span> : `${l.code ? `code ${l.code}: ` : ""}${l.message ?? "failed"}`}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
