import { PayinForm } from "@/components/payins/payin-form";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewPayinPage({ searchParams }: Props) {
  await requirePage("/payins/new", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">New pay-in</h1>
      <PayinForm />
    </main>
  );
}
