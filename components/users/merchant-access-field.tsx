"use client";

import { useId } from "react";

export interface MerchantOption {
  id: number;
  name: string;
  merchantId: string;
}

export interface MerchantAccess {
  allMerchants: boolean;
  merchantIds: number[];
}

/** The API body for a merchant access choice: all, or exactly this list (possibly empty). */
export function accessBody(v: MerchantAccess): { allMerchants: true } | { merchantIds: number[] } {
  return v.allMerchants ? { allMerchants: true } : { merchantIds: v.merchantIds };
}

export function describeAccess(v: MerchantAccess, merchants: MerchantOption[]): string {
  if (v.allMerchants) return "All merchants";
  if (v.merchantIds.length === 0) return "No merchants";
  const names = new Map(merchants.map((m) => [m.id, m.name]));
  return v.merchantIds.map((id) => names.get(id) ?? `Merchant ${id}`).join(", ");
}

/**
 * Which merchants a user sees: every merchant (current and future), or exactly the ones ticked. Nothing ticked
 * means nothing seen, and the field says so. Checkboxes, not a <select multiple>: they work on a phone too.
 */
export function MerchantAccessField({
  value,
  onChange,
  merchants,
  error,
  label = "Merchant access",
}: {
  value: MerchantAccess;
  onChange: (v: MerchantAccess) => void;
  merchants: MerchantOption[];
  error?: string;
  label?: string;
}) {
  const id = useId();
  const toggle = (mid: number, on: boolean) =>
    onChange({ allMerchants: false, merchantIds: on ? [...value.merchantIds, mid] : value.merchantIds.filter((x) => x !== mid) });
  return (
    <fieldset className="min-w-0 space-y-2" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={value.allMerchants}
          onChange={(e) => onChange({ allMerchants: e.target.checked, merchantIds: [] })}
        />
        All merchants (current and future)
      </label>
      {!value.allMerchants ? (
        <div className="max-h-48 space-y-1 overflow-y-auto rounded border border-slate-200 p-2">
          {merchants.length === 0 ? <p className="text-sm text-slate-500">No merchant credentials yet.</p> : null}
          {merchants.map((m) => (
            <label key={m.id} className="flex items-center gap-2 break-all text-sm">
              <input type="checkbox" checked={value.merchantIds.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
              {m.name} <span className="text-slate-500">({m.merchantId})</span>
            </label>
          ))}
        </div>
      ) : null}
      {!value.allMerchants && value.merchantIds.length === 0 ? (
        <p className="text-sm text-amber-800" data-testid="no-merchants-warning">
          No merchants: this user will see no orders.
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700" data-field-error="merchantIds">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
