import { Suspense } from "react";
import { PayoutsList } from "@/components/payouts/payouts-list";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PayoutsPage({ searchParams }: Props) {
  const user = await requirePage("/payouts", searchParams);
  return (
    <main className="space-y-4">
      {!can(user.role, "orders.unmasked") ? (
        <p className="text-sm text-slate-600">Account numbers and tax ids are masked for your role.</p>
      ) : null}
      <Suspense>
        <PayoutsList me={{ id: user.id, name: user.name }} canCreate={can(user.role, "payouts.create")} />
      </Suspense>
    </main>
  );
}
