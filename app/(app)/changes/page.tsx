import { PendingChangesView } from "@/components/changes/pending-changes-view";
import { AdminQuorumBanner } from "@/components/users/admin-quorum-banner";
import { getDb } from "@/db";
import { requirePage } from "@/lib/auth/require-page";
import { countActiveAdmins } from "@/lib/users/admin-quorum";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PendingChangesPage({ searchParams }: Props) {
  await requirePage("/changes", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Pending changes</h1>
      <AdminQuorumBanner activeAdmins={await countActiveAdmins(getDb())} />
      <p className="text-sm text-slate-600">
        Changes that loosen a control (a higher approval threshold, a money role, more merchants for one, the permission to reveal masked
        numbers, demoting, disabling or enabling again an admin or a money role, a new credential, a credential&apos;s keys or URLs, an API key that can create pay-outs or pay-ins) take
        effect only when another admin approves them. You cannot approve your own.
      </p>
      <PendingChangesView />
    </main>
  );
}
