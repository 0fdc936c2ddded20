"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Field, inputClass, secondaryButtonClass } from "@/components/ui/field";
import type { BeneficiaryView } from "@/lib/beneficiaries/beneficiary-view";
import type { BeneficiaryDetail } from "@/lib/beneficiaries/get-beneficiary";
import type { BeneficiaryPage } from "@/lib/beneficiaries/list-beneficiaries";
import { ApiError, apiFetch } from "@/lib/http/api-fetch";

const PAYEE = ["region", "method", "account", "receiverName", "taxNumber", "network"] as const;
type Setter = (name: never, value: never) => void;

/**
 * The pay-out form's choice of payee: a verified saved beneficiary (the form then sends its `beneficiaryId` and the
 * server pays the beneficiary's stored details), or the payee typed in, optionally saved as a new beneficiary
 * (which waits for verification) once the pay-out is created. `?beneficiary=ID` picks one on arrival.
 */
export function useBeneficiaryChoice(form: { setValue: Setter; trigger: () => Promise<boolean> }) {
  const { setValue, trigger } = form;
  const [picked, setPicked] = useState<BeneficiaryView | null>(null);
  const [saveAs, setSaveAs] = useState({ on: false, label: "" });
  const pick = useCallback(
    (b: BeneficiaryView | null) => {
      const set = (k: string, v: string) => setValue(k as never, v as never);
      setPicked(b);
      set("beneficiaryId", b ? String(b.id) : "");
      if (b) set("credentialId", String(b.credentialId));
      for (const k of PAYEE) set(k, b ? String(b[k] ?? "") : "");
      if (b) void trigger();
    },
    [setValue, trigger],
  );
  const wanted = useSearchParams().get("beneficiary");
  const arrived = useQuery({
    queryKey: ["beneficiary", Number(wanted)],
    queryFn: () => apiFetch<BeneficiaryDetail>(`/api/beneficiaries/${Number(wanted)}`),
    enabled: wanted !== null && /^\d{1,15}$/.test(wanted),
  });
  const once = useRef(false);
  useEffect(() => {
    const b = arrived.data?.beneficiary;
    if (b?.canPay && !once.current) {
      once.current = true;
      pick(b);
    }
  }, [arrived.data, pick]);
  /**
   * After the pay-out exists: save the typed-in payee as a beneficiary when asked (it then waits for verification).
   * Null when saved or not asked; else why it was not saved (the pay-out stands either way).
   */
  const afterCreate = async (values: Record<string, string>): Promise<string | null> => {
    if (picked || !saveAs.on) return null;
    const body: Record<string, string> = { label: saveAs.label.trim() || `${values.method ?? ""} ${values.account ?? ""}`.trim().slice(0, 80) };
    for (const k of ["credentialId", ...PAYEE]) if (values[k]?.trim()) body[k] = values[k];
    return apiFetch("/api/beneficiaries", { body }).then(
      () => null,
      (e: unknown) => {
        const fields = e instanceof ApiError ? Object.values(e.fields ?? {}) : [];
        return [e instanceof Error ? e.message : "It could not be saved.", ...fields].join(" ");
      },
    );
  };
  return { picked, pick, saveAs, setSaveAs, afterCreate };
}
export type BeneficiaryChoice = ReturnType<typeof useBeneficiaryChoice>;

/** Pick a verified beneficiary of the chosen credential, or type the payee in (with "save as beneficiary"). */
export function BeneficiaryPicker({ choice, credentialId, error }: { choice: BeneficiaryChoice; credentialId: string; error?: string }) {
  const { picked, pick } = choice;
  const list = useQuery({
    queryKey: ["beneficiaries", "verified", credentialId],
    queryFn: () => apiFetch<BeneficiaryPage>(`/api/beneficiaries?status=VERIFIED&limit=200&credentialId=${encodeURIComponent(credentialId)}`),
    enabled: /^\d+$/.test(credentialId),
  });
  // A beneficiary belongs to one credential: choosing another drops it.
  useEffect(() => {
    if (picked && String(picked.credentialId) !== credentialId) pick(null);
  }, [picked, credentialId, pick]);
  const items = list.data?.items ?? [];
  return (
    <div className="sm:col-span-2 space-y-2">
      <Field id="beneficiaryPick" label="Pay a saved beneficiary" error={error} hint={credentialId ? (items.length ? "Or leave this empty and type the bank details below" : "No verified beneficiaries for this credential yet: type the bank details below") : "Choose a credential first"}>
        <select
          id="beneficiaryPick"
          className={inputClass}
          value={picked ? String(picked.id) : ""}
          disabled={!credentialId}
          aria-invalid={error ? true : undefined}
          onChange={(e) => pick(items.find((b) => String(b.id) === e.target.value) ?? null)}
        >
          <option value="">Type the bank details in</option>
          {(picked && !items.some((b) => b.id === picked.id) ? [picked, ...items] : items).map((b) => (
            <option key={b.id} value={b.id}>{`${b.label} — ${b.methodName} ${b.account}`}</option>
          ))}
        </select>
      </Field>
      {picked ? (
        <div className="rounded border bg-slate-50 p-3 text-sm" data-testid="picked-beneficiary">
          <p>
            Paying <span className="font-semibold">{picked.label}</span>: {picked.network ? `${picked.methodName} · ${picked.network}` : picked.methodName}{" "}
            <span className="font-mono">{picked.account}</span>
            {picked.receiverName ? `, ${picked.receiverName}` : ""} ({picked.region}, verified{picked.verifiedBy ? ` by ${picked.verifiedBy.name}` : ""}).
          </p>
          <button type="button" className={`${secondaryButtonClass} mt-2`} onClick={() => pick(null)}>
            Type the bank details in instead
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** Under the typed-in payee: keep it as a beneficiary (verified by another approver before it can be picked). */
export function SaveAsBeneficiary({ choice }: { choice: BeneficiaryChoice }) {
  const { saveAs, setSaveAs } = choice;
  return (
    <div className="space-y-2 sm:col-span-2">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={saveAs.on} onChange={(e) => setSaveAs({ ...saveAs, on: e.target.checked })} data-testid="save-as-beneficiary" />
        Save as a beneficiary (another approver verifies it before it can be picked)
      </label>
      {saveAs.on ? (
        <Field id="saveAsLabel" label="Name to find it by">
          <input id="saveAsLabel" className={inputClass} maxLength={80} value={saveAs.label} onChange={(e) => setSaveAs({ ...saveAs, label: e.target.value })} />
        </Field>
      ) : null}
    </div>
  );
}
