import { PayoutForm } from "@/components/payouts/payout-form";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewPayoutPage({ searchParams }: Props) {
  await requirePage("/payouts/new", searchParams);
  const query = await searchParams;
  const from = typeof query.from === "string" ? query.from : undefined;
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">{from ? "New pay-out from an earlier one" : "New pay-out"}</h1>
      <PayoutForm from={from} />
    </main>
  );
}
