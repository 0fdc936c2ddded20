import Link from "next/link";
import { RegenerateRecoveryCodes, SessionsList } from "@/components/account/account-security";
import { getDb } from "@/db";
import { countUnusedRecoveryCodes } from "@/lib/auth/recovery-codes";
import { requirePage } from "@/lib/auth/require-page";
import { ROLE_LABELS, TOTP_REQUIRED_ROLES } from "@/lib/auth/permissions";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: Props) {
  const user = await requirePage("/account", searchParams);
  const unusedCodes = user.totpEnabled ? await countUnusedRecoveryCodes(getDb(), user.id) : 0;
  return (
    <main className="space-y-8">
      <div className="space-y-4">
      <h1 className="text-xl font-semibold">My account</h1>
      <dl className="grid max-w-md grid-cols-2 gap-2 text-sm">
        <dt className="text-slate-500">E-mail</dt>
        <dd>{user.email}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
        <dt className="text-slate-500">Two-factor</dt>
        <dd data-testid="two-factor-state">
          {user.totpEnabled ? "On" : TOTP_REQUIRED_ROLES.includes(user.role) ? "Off (required for your role)" : "Off (optional for your role)"}
        </dd>
      </dl>
      <div className="flex flex-wrap gap-4 text-sm underline">
        <Link href="/account/password">Change password</Link>
        {!user.totpEnabled ? <Link href="/account/two-factor">Set up two-factor sign-in</Link> : null}
        {/* Not in the header (it is full at 1440 px for admins): the API's documentation, for whoever scripts it. */}
        <Link href="/docs/api">API documentation</Link>
      </div>
      </div>
      {user.totpEnabled ? <RegenerateRecoveryCodes unused={unusedCodes} /> : null}
      <SessionsList />
    </main>
  );
}
