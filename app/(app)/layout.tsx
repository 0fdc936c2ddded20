import type { ReactNode } from "react";
import { IdleGuard } from "@/components/auth/idle-guard";
import { AppNav } from "@/components/layout/app-nav";
import { NavigationProgress } from "@/components/layout/navigation-progress";
import { NotificationBell } from "@/components/layout/notification-bell";
import { HeaderSearch } from "@/components/orders/header-search";
import { getCurrentUser } from "@/lib/auth/current-user";
import { navFor } from "@/lib/auth/navigation";
import { can, ROLE_LABELS, TOTP_REQUIRED_ROLES } from "@/lib/auth/permissions";
import { LiveEvents } from "../providers";
import { getDb } from "@/db";
import { countPendingChanges } from "@/lib/approvals/list-changes";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  // Signed out: each page's guard (requirePage) sends the person to sign-in with `next`, which only it knows.
  if (!user) return <>{children}</>;
  const settingUp = user.mustChangePassword || (TOTP_REQUIRED_ROLES.includes(user.role) && !user.totpEnabled);
  // Every admin is told: the number of changes waiting for a second admin, on every page.
  const waiting = !settingUp && can(user.role, "changes.review") ? await countPendingChanges(getDb()) : 0;
  const page = (
    <>
      {/* The first thing a keyboard reaches: past the header to the page. */}
      <a
        href="#main-content"
        className="sr-only z-50 rounded bg-slate-900 px-3 py-2 text-sm text-white focus:not-sr-only focus:fixed focus:left-2 focus:top-2"
      >
        Skip to content
      </a>
      <NavigationProgress />
      <IdleGuard />
      <AppNav
        items={settingUp ? [] : navFor(user.role)}
        badges={{ "/changes": waiting }}
        userLabel={user.email}
        roleLabel={ROLE_LABELS[user.role]}
        bell={settingUp ? null : <NotificationBell />}
      />
      {!settingUp && can(user.role, "orders.lookup") ? (
        <div className="border-b bg-white">
          <div className="mx-auto max-w-7xl px-4 py-2">
            <HeaderSearch />
          </div>
        </div>
      ) : null}
      <div id="main-content" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 outline-none">
        {children}
      </div>
    </>
  );
  // The tab's one event stream wraps the header too: its bell refetches when an order moves.
  return !settingUp && can(user.role, "payouts.read") ? <LiveEvents>{page}</LiveEvents> : page;
}
