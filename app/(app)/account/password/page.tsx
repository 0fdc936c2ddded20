import { ChangePasswordForm } from "@/components/account/change-password-form";
import { requirePage } from "@/lib/auth/require-page";
import { safeNext } from "@/lib/auth/safe-next";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PasswordPage({ searchParams }: Props) {
  const params = await searchParams;
  const user = await requirePage("/account/password", params);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Change password</h1>
      {user.mustChangePassword ? (
        <p className="text-sm text-amber-800">You signed in with a one-time password. Choose your own to continue.</p>
      ) : null}
      <ChangePasswordForm next={safeNext(params.next)} />
    </main>
  );
}
