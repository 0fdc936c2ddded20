import { RunUpload } from "@/components/payout-batches/run-upload";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewRunPage({ searchParams }: Props) {
  await requirePage("/payouts/runs/new", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">New pay-out run from a file</h1>
      <RunUpload />
    </main>
  );
}
