import type { ReactNode } from "react";

/** One labelled fact in a details grid (`<dl>`); an empty value reads "—". */
export function DetailItem({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="break-words text-sm text-slate-900" data-testid={testId}>
        {children ?? "—"}
      </dd>
    </div>
  );
}
