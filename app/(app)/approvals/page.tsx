import { ApprovalsQueue } from "@/components/payouts/approvals-queue";
import { requirePage } from "@/lib/auth/require-page";

export default async function ApprovalsPage() {
  await requirePage("/approvals");
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Approvals</h1>
      <p className="text-sm text-slate-600">
        Pay-outs at or above the approval threshold, oldest first. Approving sends the money; you cannot approve your own.
      </p>
      <ApprovalsQueue />
    </main>
  );
}
