import { PayoutDetail } from "@/components/payouts/payout-detail";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PayoutPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requirePage("/payouts/[id]", searchParams, `/payouts/${encodeURIComponent(id)}`);
  return (
    <main>
      <PayoutDetail id={id} canCreate={can(user.role, "payouts.create")} isAdmin={can(user.role, "payouts.cancel_any")} />
    </main>
  );
}
