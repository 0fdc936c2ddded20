import Link from "next/link";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { requirePage } from "@/lib/auth/require-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function WebhookEndpointPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requirePage("/webhooks/[id]", searchParams, `/webhooks/${encodeURIComponent(id)}`);
  return (
    <main className="space-y-4">
      <p className="text-sm">
        <Link href="/webhooks" className="underline">
          Webhooks
        </Link>
      </p>
      <h1 className="text-xl font-semibold">Webhook deliveries</h1>
      <DeliveryLog endpointId={id} />
    </main>
  );
}
