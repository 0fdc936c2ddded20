import { PayoutForm } from "@/components/payouts/payout-form";
import { requirePage } from "@/lib/auth/require-page";

export default async function NewPayoutPage() {
  await requirePage("/payouts/new");
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">New pay-out</h1>
      <PayoutForm />
    </main>
  );
}
