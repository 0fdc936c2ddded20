import { BeneficiariesList } from "@/components/beneficiaries/beneficiaries-list";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function BeneficiariesPage({ searchParams }: Props) {
  const user = await requirePage("/beneficiaries", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Beneficiaries</h1>
      <p className="text-sm text-slate-600">
        Saved payees: pick one on a new pay-out instead of typing the bank details. New or changed bank details wait for another approver to verify them.
        {!can(user.role, "orders.unmasked") ? " Account numbers and tax ids are masked for your role." : ""}
      </p>
      <BeneficiariesList canAdd={can(user.role, "beneficiaries.write")} />
    </main>
  );
}
