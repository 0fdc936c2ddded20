import type { BeneficiaryView } from "@/lib/beneficiaries/beneficiary-view";

const TONES: Record<string, string> = {
  PENDING_VERIFICATION: "bg-amber-100 text-amber-900 ring-amber-300",
  VERIFIED: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  REJECTED: "bg-red-100 text-red-900 ring-red-300",
  ARCHIVED: "bg-slate-200 text-slate-800 ring-slate-300",
};

/** A beneficiary's status as a coloured word; the code in `data-status`. */
export function BeneficiaryStatus({ b }: { b: Pick<BeneficiaryView, "status" | "statusWords" | "archived"> }) {
  const code = b.archived ? "ARCHIVED" : b.status;
  return (
    <span data-testid="beneficiary-status" data-status={code} className={`inline-flex whitespace-nowrap rounded px-2 py-0.5 text-xs font-semibold ring-1 ${TONES[code] ?? ""}`}>
      {b.statusWords}
    </span>
  );
}
