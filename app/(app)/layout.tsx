import type { ReactNode } from "react";
import { AppNav } from "@/components/layout/app-nav";
import { HeaderSearch } from "@/components/orders/header-search";
import { getCurrentUser } from "@/lib/auth/current-user";
import { navFor } from "@/lib/auth/navigation";
import { can, ROLE_LABELS, TOTP_REQUIRED_ROLES } from "@/lib/auth/permissions";
import { LiveEvents } from "../providers";
import { getDb } from "@/db";
import { countPendingChanges } from "@/lib/pending-changes/list-changes";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  // Signed out: each page's guard (requirePage) sends the person to sign-in with `next`, which only it knows.
  if (!user) return <>{children}</>;
  const settingUp = user.mustChangePassword || (TOTP_REQUIRED_ROLES.includes(user.role) && !user.totpEnabled);
  // Every admin is told: the number of changes waiting for a second admin, on every page.
  const waiting = !settingUp && can(user.role, "changes.review") ? await countPendingChanges(getDb()) : 0;
  return (
    <>
      <AppNav items={settingUp ? [] : navFor(user.role)} badges={{ "/changes": waiting }} userLabel={user.email} roleLabel={ROLE_LABELS[user.role]} />
      {!settingUp && can(user.role, "orders.lookup") ? (
        <div className="border-b bg-white">
          <div className="mx-auto max-w-7xl px-4 py-2">
            <HeaderSearch />
          </div>
        </div>
      ) : null}
      <div className="mx-auto max-w-7xl px-4 py-6">{!settingUp && can(user.role, "payouts.read") ? <LiveEvents>{children}</LiveEvents> : children}</div>
    </>
  );
}
