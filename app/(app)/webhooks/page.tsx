import { EndpointForm } from "@/components/webhooks/endpoint-form";
import { EndpointsList } from "@/components/webhooks/endpoints-list";
import { getDb } from "@/db";
import { requirePage } from "@/lib/auth/require-page";
import { listMerchantOptions } from "@/lib/merchants/list-merchant-options";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function WebhooksPage({ searchParams }: Props) {
  const user = await requirePage("/webhooks", searchParams);
  const credentials = (await listMerchantOptions(getDb(), user)).map(({ id, name, merchantId }) => ({ id, name, merchantId }));
  return (
    <main className="space-y-6">
      <h1 className="text-xl font-semibold">Webhooks</h1>
      <p className="text-sm text-slate-600">
        Your own systems hear about paid and failed pay-outs, received and expired pay-ins and flagged orders as they happen: each event
        is POSTed to your address, signed with the endpoint&apos;s secret, and tried again for 3 days if your system does not answer 2xx.
        Account numbers are masked. An endpoint that fails for 3 days is switched off.
      </p>
      <EndpointForm credentials={credentials} />
      <EndpointsList />
    </main>
  );
}
