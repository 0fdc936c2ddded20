"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { buttonClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import type { PendingChangeRef } from "@/lib/pending-changes/kinds";
import { CredentialCard, type CredentialRow } from "./credential-card";
import { CredentialForm } from "./credential-form";

export function CredentialsView() {
  const qc = useQueryClient();
  const [editing, setEditing] = useState<CredentialRow | "new" | null>(null);
  const list = useQuery({ queryKey: ["credentials"], queryFn: () => apiFetch<CredentialRow[]>("/api/merchants") });
  const [pending, setPending] = useState<string | null>(null);
  const done = (res?: { pendingChange?: PendingChangeRef | null }) => {
    const ref = res?.pendingChange;
    setPending(ref ? `${ref.message}${ref.kind === "credential_create" ? " Until then the credential does not exist." : ""}` : null);
    setEditing(null);
    void qc.invalidateQueries({ queryKey: ["credentials"] });
  };

  return (
    <div className="space-y-4">
      {editing === null ? (
        <button type="button" className={buttonClass} onClick={() => setEditing("new")}>
          New credential
        </button>
      ) : (
        <section className="rounded-lg border border-slate-300 bg-white p-4">
          <h2 className="mb-3 font-semibold">{editing === "new" ? "New credential" : `Edit ${editing.name}`}</h2>
          <CredentialForm
            key={editing === "new" ? "new" : editing.id}
            initial={
              editing === "new"
                ? undefined
                : {
                    id: editing.id,
                    merchantId: editing.merchantId,
                    name: editing.name,
                    payerDisplayName: editing.payerDisplayName ?? "",
                    environment: editing.environment,
                    customBaseUrl: editing.customBaseUrl ?? "",
                    callbackBaseUrl: editing.callbackBaseUrl ?? "",
                    processingWindowS: editing.processingWindowS === null ? "" : String(editing.processingWindowS),
                    merchantSecret: "",
                    privateKey: "",
                    platformPublicKey: editing.platformPublicKey,
                    accounts: editing.accounts,
                    subMerchants: editing.subMerchants,
                  }
            }
            onDone={done}
          />
          <button type="button" className="mt-2 text-sm underline" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </section>
      )}
      {pending ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-300" data-testid="pending-change-notice">
          {pending} <a className="underline" href="/changes">Pending changes</a>
        </p>
      ) : null}
      {list.isPending ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {list.error ? <p role="alert" className="text-sm text-red-700">{list.error.message}</p> : null}
      {list.data?.map((c) => <CredentialCard key={c.id} c={c} onEdit={() => setEditing(c)} />)}
    </div>
  );
}
