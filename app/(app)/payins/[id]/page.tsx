import { PayinDetail } from "@/components/payins/payin-detail";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PayinPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requirePage("/payins/[id]", searchParams, `/payins/${encodeURIComponent(id)}`);
  return (
    <main>
      <PayinDetail id={id} canManage={can(user.role, "payins.create")} />
    </main>
  );
}
