import { RunDetail } from "@/components/payout-batches/run-detail";
import { requirePage } from "@/lib/auth/require-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RunPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requirePage("/payouts/runs/[id]", searchParams, `/payouts/runs/${encodeURIComponent(id)}`);
  return (
    <main>
      <RunDetail id={id} />
    </main>
  );
}
