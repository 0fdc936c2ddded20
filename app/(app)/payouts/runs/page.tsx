import Link from "next/link";
import { RunsList } from "@/components/payout-batches/runs-list";
import { buttonClass } from "@/components/ui/field";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RunsPage({ searchParams }: Props) {
  const user = await requirePage("/payouts/runs", searchParams);
  return (
    <main className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Pay-out runs</h1>
        {can(user.role, "payouts.create") ? (
          <Link href="/payouts/runs/new" className={buttonClass}>
            New run from a file
          </Link>
        ) : null}
      </div>
      <RunsList />
    </main>
  );
}
