import { ApiKeysTable } from "@/components/api-keys/api-keys-table";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { getDb } from "@/db";
import { requirePage } from "@/lib/auth/require-page";
import { listMerchantOptions } from "@/lib/merchants/list-merchant-options";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ApiKeysPage({ searchParams }: Props) {
  const user = await requirePage("/api-keys", searchParams);
  const credentials = (await listMerchantOptions(getDb(), user)).map((m) => ({ id: m.id, name: m.name }));
  return (
    <main className="space-y-6">
      <h1 className="text-xl font-semibold">API keys</h1>
      <p className="text-sm text-slate-600">
        Keys let another system (an ERP, a payroll tool) use the API without a person signing in, only for what its scopes allow and only on its
        credentials. A key never approves, and never manages users, credentials or keys; a pay-out it creates over the threshold waits for a
        person like any other. See <a className="underline" href="/docs/api">the API&apos;s documentation</a>.
      </p>
      <CreateApiKeyForm credentials={credentials} />
      <ApiKeysTable />
    </main>
  );
}
