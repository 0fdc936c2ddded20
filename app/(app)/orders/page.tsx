import { Suspense } from "react";
import { OrdersView } from "@/components/orders/orders-view";
import { requirePage } from "@/lib/auth/require-page";
import { can } from "@/lib/auth/permissions";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OrdersPage({ searchParams }: Props) {
  const user = await requirePage("/orders", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Orders</h1>
      {!can(user.role, "orders.unmasked") ? (
        <p className="text-sm text-slate-600">Account numbers, wallet addresses and tax numbers are masked for your role.</p>
      ) : null}
      <Suspense>
        <OrdersView />
      </Suspense>
    </main>
  );
}
