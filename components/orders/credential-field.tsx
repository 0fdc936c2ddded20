"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode, SelectHTMLAttributes } from "react";
import { Field, inputClass } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-fetch";
import type { listMerchantOptions } from "@/lib/merchants/list-merchant-options";
import { Options } from "@/components/ui/options";

export type MerchantOption = Awaited<ReturnType<typeof listMerchantOptions>>[number];

/** The credentials the user may make orders with (GET /api/merchants/options), cached once for every form and filter. */
export function useCredentialOptions() {
  return useQuery({ queryKey: ["merchant-options"], queryFn: () => apiFetch<MerchantOption[]>("/api/merchants/options") });
}

/** The credential an order is made with: each option says which environment it reaches. */
export function CredentialField({ options, error, select, children }: {
  options: ReturnType<typeof useCredentialOptions>;
  error?: string;
  /** The form's own binding (register and aria) for the select. */
  select: SelectHTMLAttributes<HTMLSelectElement>;
  children?: ReactNode;
}) {
  return (
    <Field id="credentialId" label="Merchant credential" error={error}>
      <select id="credentialId" className={inputClass} {...select}>
        <option value="">{options.isPending ? "Loading…" : "Choose…"}</option>
        <Options items={options.data?.map((o) => [String(o.id), `${o.name} (${o.environment === "production" ? "PRODUCTION" : o.bundledSandbox ? "sandbox, bundled" : o.environment})`])} />
      </select>
      {children}
    </Field>
  );
}
