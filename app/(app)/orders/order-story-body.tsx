import { OrderStoryView } from "@/components/orders/order-story";
import type { SessionUser } from "@/lib/auth/sessions";
import type { OrderType } from "@/lib/order-status/transitions";
import { orderStoryForPage } from "@/lib/orders/order-story-page";

/**
 * The body of one order's story, /orders/payout/[id] and /orders/payin/[id] alike (only the type differs). Each page
 * calls its own guard first (tests/auth/access-table.test.ts reads it there), then renders this.
 */
export async function OrderStoryPage({ user, type, id }: { user: SessionUser; type: OrderType; id: string }) {
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
      <OrderStoryView story={page.story} canReveal={page.canReveal} support={page.support} />
    </main>
  );
}
