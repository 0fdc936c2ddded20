import { ApprovalsQueue } from "@/components/payouts/approvals-queue";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ApprovalsPage({ searchParams }: Props) {
  await requirePage("/approvals", searchParams);
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
