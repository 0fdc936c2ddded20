import Link from "next/link";
import { CredentialsView } from "@/components/merchants/credentials-view";
import { subPagesFor } from "@/lib/auth/navigation";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MerchantsPage({ searchParams }: Props) {
  const user = await requirePage("/merchants", searchParams);
  const more = subPagesFor(user.role, "/merchants");
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Merchant credentials</h1>
      <p className="text-sm text-slate-600">
        Secrets and private keys are stored encrypted and never shown again. Production credentials are marked in red.
      </p>
      {more.length ? (
        <nav aria-label="What the merchant's own systems use" className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
          {more.map((p) => (
            <Link key={p.href} href={p.href} className="underline">
              {p.label}
              <span className="text-slate-500 no-underline">: {p.says}</span>
            </Link>
          ))}
        </nav>
      ) : null}
      <CredentialsView />
    </main>
  );
}
