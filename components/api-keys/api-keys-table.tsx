"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { TimeText } from "@/components/ui/time-text";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { inputClass } from "@/components/ui/field";
import type { ApiKeyView } from "@/lib/api-keys/api-key-view";
import { API_SCOPE_LABELS } from "@/lib/auth/api-key-scopes";
import { apiFetch } from "@/lib/http/api-fetch";
import { SecretShownOnce } from "./secret-shown-once";

const cell = "block px-3 py-1 [overflow-wrap:anywhere] md:table-cell md:p-2";
const STATUS_WORDS: Record<ApiKeyView["status"], string> = { pending: "Waiting for another admin", active: "Active", revoked: "Revoked" };
const OVERLAPS = [
  { minutes: 0, words: "at once" },
  { minutes: 15, words: "in 15 minutes" },
  { minutes: 60, words: "in 1 hour" },
  { minutes: 1440, words: "in 24 hours" },
  { minutes: 10080, words: "in 7 days" },
];

export function ApiKeysTable() {
  const qc = useQueryClient();
  const { confirm, dialog } = useConfirm();
  const [error, setError] = useState<string | null>(null);
  const [rolled, setRolled] = useState<{ name: string; secret: string } | null>(null);
  const [overlap, setOverlap] = useState<Record<number, number>>({});
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: () => apiFetch<{ items: ApiKeyView[] }>("/api/api-keys") });
  const act = useMutation({
    mutationFn: (a: { url: string; body?: unknown }) => apiFetch<{ apiKey: ApiKeyView; secret?: string }>(a.url, { method: "POST", body: a.body ?? {} }),
    onSuccess: (res) => {
      setError(null);
      if (res.secret) setRolled({ name: res.apiKey.name, secret: res.secret });
      return qc.invalidateQueries({ queryKey: ["api-keys"] });
    },
    onError: (err) => setError(err.message),
  });

  if (keys.isPending) return <p className="text-sm text-slate-500">Loading API keys…</p>;
  if (keys.error) return <p role="alert" className="text-sm text-red-700">{keys.error.message}</p>;

  const revoke = async (k: ApiKeyView) => {
    const ok = await confirm({
      title: `Revoke "${k.name}"?`,
      body: `Every machine using ${k.prefix} is refused from its next request on (401), including any old secret still in its overlap. This cannot be undone: a new key is needed.`,
      confirmLabel: "Revoke key",
      tone: "danger",
    });
    if (ok) act.mutate({ url: `/api/api-keys/${k.id}/revoke` });
  };
  const roll = async (k: ApiKeyView) => {
    const minutes = overlap[k.id] ?? 60;
    const when = OVERLAPS.find((o) => o.minutes === minutes)?.words ?? `in ${minutes} minutes`;
    const ok = await confirm({
      title: `Roll the secret of "${k.name}"?`,
      body: `A new secret is made now and shown once. The current secret stops working ${when}: a machine still using it after that is refused (401).`,
      confirmLabel: "Roll secret",
      tone: "danger",
    });
    if (ok) act.mutate({ url: `/api/api-keys/${k.id}/roll`, body: { overlapMinutes: minutes } });
  };

  return (
    <section className="space-y-2">
      {dialog}
      {rolled ? <SecretShownOnce name={rolled.name} secret={rolled.secret} note={null} onDone={() => setRolled(null)} /> : null}
      {error ? <p role="alert" data-testid="api-keys-error" className="text-sm text-red-700">{error}</p> : null}
      {keys.data.items.length === 0 ? <p className="text-sm text-slate-500">No API keys yet.</p> : null}
      <table className="block w-full border-collapse rounded-lg bg-white text-sm shadow-sm md:table">
        <thead className="hidden md:table-header-group">
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Key</th>
            <th className="p-2">May</th>
            <th className="p-2">Credentials</th>
            <th className="p-2">Status</th>
            <th className="p-2">Last used</th>
            <th className="p-2">Actions</th>
          </tr>
        </thead>
        <tbody className="block md:table-row-group">
          {keys.data.items.map((k) => (
            <tr key={k.id} className="block border-b py-2 last:border-0 md:table-row md:py-0" data-testid={`api-key-row-${k.prefix}`}>
              <td className={cell}>
                <div className="font-medium">{k.name}</div>
                <code className="text-xs text-slate-500">spz_{k.prefix}_…</code>
              </td>
              <td className={cell}>
                <span className="text-slate-500 md:hidden">May: </span>
                {k.scopes.map((s) => API_SCOPE_LABELS[s]).join(", ")}
              </td>
              <td className={cell}>
                <span className="text-slate-500 md:hidden">Credentials: </span>
                {k.credentials.map((c) => c.name).join(", ")}
              </td>
              <td className={cell} data-testid="api-key-status">
                {STATUS_WORDS[k.status]}
                {k.previousValidUntil ? (
                  <div className="text-xs text-amber-800">
                    Old secret works until <TimeText at={k.previousValidUntil} />
                  </div>
                ) : null}
              </td>
              <td className={cell}>
                <span className="text-slate-500 md:hidden">Last used: </span>
                {k.lastUsedAt ? (
                  <>
                    <TimeText at={k.lastUsedAt} /> from {k.lastUsedIp ?? "an unknown address"}
                  </>
                ) : (
                  "Never"
                )}
              </td>
              <td className={`${cell} space-y-1`}>
                {k.status === "active" ? (
                  <div className="flex flex-wrap items-center gap-2">
                    <label className="text-xs text-slate-600" htmlFor={`overlap-${k.id}`}>
                      Old secret stops
                    </label>
                    <select id={`overlap-${k.id}`} className={`${inputClass} w-auto py-1`} value={overlap[k.id] ?? 60} onChange={(e) => setOverlap({ ...overlap, [k.id]: Number(e.target.value) })}>
                      {OVERLAPS.map((o) => (
                        <option key={o.minutes} value={o.minutes}>
                          {o.words}
                        </option>
                      ))}
                    </select>
                    <button type="button" className="underline" onClick={() => void roll(k)}>
                      Roll secret<span className="sr-only"> of {k.name}</span>
                    </button>
                  </div>
                ) : null}
                {k.status !== "revoked" ? (
                  <button type="button" className="underline text-red-700" onClick={() => void revoke(k)}>
                    Revoke<span className="sr-only"> {k.name}</span>
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
