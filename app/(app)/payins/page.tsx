import { Suspense } from "react";
import { PayinsList } from "@/components/payins/payins-list";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PayinsPage({ searchParams }: Props) {
  const user = await requirePage("/payins", searchParams);
  return (
    <main className="space-y-4">
      <Suspense>
        <PayinsList canCreate={can(user.role, "payins.create")} />
      </Suspense>
    </main>
  );
}
