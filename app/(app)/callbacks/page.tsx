import { CallbackLog } from "@/components/callbacks/callback-log";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CallbacksPage({ searchParams }: Props) {
  await requirePage("/callbacks", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Callbacks</h1>
      <p className="text-sm text-slate-600">Every callback the gateway (or anyone) sent, verified or refused, and what it changed.</p>
      <CallbackLog />
    </main>
  );
}
