import { notFound } from "next/navigation";
import { OrderStoryView } from "@/components/orders/order-story";
import { requirePage } from "@/lib/auth/require-page";
import { orderStoryForPage } from "@/lib/orders/order-story-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OrderPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requirePage("/orders/payout/[id]", searchParams, `/orders/payout/${encodeURIComponent(id)}`);
  const page = await orderStoryForPage(user, "payout", id);
  if (!page) notFound();
  return (
    <main>
      <OrderStoryView story={page.story} canReveal={page.canReveal} />
    </main>
  );
}
