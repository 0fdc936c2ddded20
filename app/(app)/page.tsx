import Link from "next/link";
import { Dashboard } from "@/components/dashboard/dashboard";
import { AdminQuorumBanner } from "@/components/users/admin-quorum-banner";
import { getDb } from "@/db";
import { requirePage } from "@/lib/auth/require-page";
import { navFor } from "@/lib/auth/navigation";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { countActiveAdmins } from "@/lib/users/admin-quorum";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OverviewPage({ searchParams }: Props) {
  const user = await requirePage("/", searchParams);
  // Finance, approvers and support land on the live overview; an admin's work is elsewhere (users, credentials).
  if (can(user.role, "payouts.read")) {
    return (
      <main className="space-y-4">
        <h1 className="text-2xl font-semibold">Overview</h1>
        <Dashboard />
      </main>
    );
  }
  const items = navFor(user.role).filter((i) => i.href !== "/");
  const activeAdmins = can(user.role, "changes.review") ? await countActiveAdmins(getDb()) : null;
  return (
    <main className="space-y-6">
      {activeAdmins === null ? null : <AdminQuorumBanner activeAdmins={activeAdmins} />}
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
        <p className="text-slate-600">Signed in as {ROLE_LABELS[user.role]}.</p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-slate-400">
              <span className="font-medium">{item.label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
