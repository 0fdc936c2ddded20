"use client";

import { useQuery } from "@tanstack/react-query";
import type { BeneficiaryDetail } from "@/lib/beneficiaries/get-beneficiary";
import { apiFetch } from "@/lib/http/api-fetch";
import { BeneficiaryForm } from "./beneficiary-form";

/** The add form filled in with the beneficiary as it is now. */
export function BeneficiaryEdit({ id }: { id: number }) {
  const q = useQuery({ queryKey: ["beneficiary", id], queryFn: () => apiFetch<BeneficiaryDetail>(`/api/beneficiaries/${id}`) });
  if (q.isPending) return <p className="text-sm text-slate-600">Loading…</p>;
  if (q.error) return <p role="alert" className="text-sm text-red-700">{q.error.message}</p>;
  if (q.data.beneficiary.archived) return <p className="text-sm text-slate-600">This beneficiary is archived: add a new one instead.</p>;
  return <BeneficiaryForm existing={q.data.beneficiary} />;
}
