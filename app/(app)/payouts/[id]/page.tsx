import { requirePage } from "@/lib/auth/require-page";
import { OrderStoryPage } from "../../orders/order-story-body";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function Page({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requirePage("/payouts/[id]", searchParams, `/payouts/${encodeURIComponent(id)}`);
  return <OrderStoryPage user={user} type="payout" id={id} />;
}
