import { PayoutDetail } from "@/components/payouts/payout-detail";
import { requirePage } from "@/lib/auth/require-page";

export default async function PayoutPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("/payouts/[id]");
  const { id } = await params;
  return (
    <main>
      <PayoutDetail id={id} />
    </main>
  );
}
