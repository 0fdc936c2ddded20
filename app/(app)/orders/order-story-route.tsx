import { OrderStoryView } from "@/components/orders/order-story";
import { requirePage } from "@/lib/auth/require-page";
import type { OrderType } from "@/lib/orders/transitions";
import { orderStoryForPage } from "@/lib/orders/order-story-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The page of one order's story, /orders/payout/[id] and /orders/payin/[id] alike (only the type differs). */
export function orderStoryRoute(type: OrderType) {
  return async function OrderPage({ params, searchParams }: Props) {
    const { id } = await params;
    const user = await requirePage(`/orders/${type}/[id]`, searchParams, `/orders/${type}/${encodeURIComponent(id)}`);
    const page = await orderStoryForPage(user, type, id);
    // Like /payouts/[id]: a page that says so (200), the same for an id that does not exist and one of another merchant.
    if (!page) {
      return (
        <main>
          <p role="alert" className="text-sm text-slate-700">No such order among the merchants you can see.</p>
        </main>
      );
    }
    return (
      <main>
        <OrderStoryView story={page.story} canReveal={page.canReveal} />
      </main>
    );
  };
}
