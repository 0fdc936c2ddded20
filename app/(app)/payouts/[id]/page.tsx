import { PayoutDetail } from "@/components/payouts/payout-detail";
import { requirePage } from "@/lib/auth/require-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PayoutPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requirePage("/payouts/[id]", searchParams, `/payouts/${encodeURIComponent(id)}`);
  return (
    <main>
      <PayoutDetail id={id} />
    </main>
  );
}
