import { CreateUserForm } from "@/components/users/create-user-form";
import { UsersTable } from "@/components/users/users-table";
import { getDb } from "@/db";
import { requirePage } from "@/lib/auth/require-page";
import { listMerchantOptions } from "@/lib/merchants/list-merchant-options";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const user = await requirePage("/users", searchParams);
  const merchants = await listMerchantOptions(getDb(), user);
  return (
    <main className="space-y-6">
      <h1 className="text-xl font-semibold">Users</h1>
      <CreateUserForm merchants={merchants} />
      <UsersTable currentUserId={user.id} merchants={merchants} />
    </main>
  );
}
