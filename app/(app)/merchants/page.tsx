import { CredentialsView } from "@/components/merchants/credentials-view";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MerchantsPage({ searchParams }: Props) {
  await requirePage("/merchants", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Merchant credentials</h1>
      <p className="text-sm text-slate-600">
        Secrets and private keys are stored encrypted and never shown again. Production credentials are marked in red.
      </p>
      <CredentialsView />
    </main>
  );
}
