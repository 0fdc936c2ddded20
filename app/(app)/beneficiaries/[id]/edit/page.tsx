import { BeneficiaryEdit } from "@/components/beneficiaries/beneficiary-edit";
import { requirePage } from "@/lib/auth/require-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EditBeneficiaryPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requirePage("/beneficiaries/[id]/edit", searchParams, `/beneficiaries/${encodeURIComponent(id)}/edit`);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Edit beneficiary</h1>
      <BeneficiaryEdit id={/^\d{1,15}$/.test(id) ? Number(id) : 0} />
    </main>
  );
}
