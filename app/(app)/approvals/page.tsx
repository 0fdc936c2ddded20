import { ApprovalsQueue } from "@/components/payouts/approvals-queue";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ApprovalsPage({ searchParams }: Props) {
  const user = await requirePage("/approvals", searchParams);
  const isAdmin = can(user.role, "payouts.cancel_any");
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Approvals</h1>
      <p className="text-sm text-slate-600">
        {isAdmin
          ? "Pay-outs waiting for an approver, oldest first. Admins do not approve; you may cancel one that nobody can approve (say why: the reason is kept in the audit log)."
          : "Pay-outs at or above the approval threshold, oldest first. Approving sends the money; you cannot approve your own, but you may cancel it while it waits."}{" "}
        A run from a file waits as one item: open it to see its largest rows and duplicates and decide the whole run.
      </p>
      <ApprovalsQueue isAdmin={isAdmin} />
    </main>
  );
}
