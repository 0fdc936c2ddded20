import { TwoFactorSetup } from "@/components/account/two-factor-setup";
import { requirePage } from "@/lib/auth/require-page";
import { TOTP_REQUIRED_ROLES } from "@/lib/auth/permissions";
import { safeNext } from "@/lib/auth/safe-next";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TwoFactorPage({ searchParams }: Props) {
  const params = await searchParams;
  const user = await requirePage("/account/two-factor", params);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">Two-factor sign-in</h1>
      {user.totpEnabled ? (
        <p className="text-sm">Two-factor sign-in is on. To move it to a new phone, ask an admin to reset it.</p>
      ) : (
        <TwoFactorSetup required={TOTP_REQUIRED_ROLES.includes(user.role)} next={safeNext(params.next)} />
      )}
    </main>
  );
}
