import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  await requirePage("/audit", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Audit log</h1>
      <p className="text-sm text-slate-600">Every sign-in and every change, append-only. Secrets never appear here.</p>
      <Suspense fallback={<p className="text-sm text-slate-500">Loading the audit log…</p>}>
        <AuditView />
      </Suspense>
    </main>
  );
}
