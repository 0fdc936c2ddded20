import { BeneficiaryDetail } from "@/components/beneficiaries/beneficiary-detail";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function BeneficiaryPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requirePage("/beneficiaries/[id]", searchParams, `/beneficiaries/${encodeURIComponent(id)}`);
  return (
    <main>
      <BeneficiaryDetail id={/^\d{1,15}$/.test(id) ? Number(id) : 0} canWrite={can(user.role, "beneficiaries.write")} />
    </main>
  );
}
