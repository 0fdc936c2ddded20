import { ChangePasswordForm } from "@/components/account/change-password-form";
import { requirePage } from "@/lib/auth/require-page";

export default async function PasswordPage() {
  const user = await requirePage("/account/password");
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Change password</h1>
      {user.mustChangePassword ? (
        <p className="text-sm text-amber-800">You signed in with a one-time password. Choose your own to continue.</p>
      ) : null}
      <ChangePasswordForm />
    </main>
  );
}
