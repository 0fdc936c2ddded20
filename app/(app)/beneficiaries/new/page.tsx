import { BeneficiaryForm } from "@/components/beneficiaries/beneficiary-form";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewBeneficiaryPage({ searchParams }: Props) {
  await requirePage("/beneficiaries/new", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Add a beneficiary</h1>
      <BeneficiaryForm />
    </main>
  );
}
