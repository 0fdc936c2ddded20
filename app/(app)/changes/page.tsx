import { PendingChangesView } from "@/components/changes/pending-changes-view";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PendingChangesPage({ searchParams }: Props) {
  await requirePage("/changes", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Pending changes</h1>
      <p className="text-sm text-slate-600">
        Changes that loosen a money control (a higher approval threshold, a money role, more merchants for one, a credential&apos;s keys or
        URLs) take effect only when another admin approves them. You cannot approve your own.
      </p>
      <PendingChangesView />
    </main>
  );
}
