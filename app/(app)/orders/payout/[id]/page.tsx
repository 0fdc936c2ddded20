import { redirect } from "next/navigation";
import { requirePage } from "@/lib/auth/require-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The older address of a pay-out's page, kept for links already sent: it opens the one page, /payouts/[id]. */
export default async function Page({ params, searchParams }: Props) {
  const { id } = await params;
  await requirePage("/orders/payout/[id]", searchParams, `/orders/payout/${encodeURIComponent(id)}`);
  redirect(`/payouts/${encodeURIComponent(id)}`);
}
