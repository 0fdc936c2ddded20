import "server-only";
import { forbidden, redirect } from "next/navigation";
import { PAGE_ACCESS, type PagePath } from "./access-table";
import { getCurrentUser } from "./current-user";
import { can, TOTP_REQUIRED_ROLES } from "./permissions";
import type { SessionUser } from "./sessions";

const SETUP_PAGES = new Set<string>(["/account/password", "/account/two-factor"]);

/**
 * The guard every page calls first with its own path: signed out -> sign-in (coming back here afterwards);
 * unfinished set-up -> the set-up page; no permission -> 403.
 */
export async function requirePage(path: PagePath): Promise<SessionUser> {
  const access = PAGE_ACCESS[path];
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (!SETUP_PAGES.has(path)) {
    if (user.mustChangePassword) redirect("/account/password");
    if (TOTP_REQUIRED_ROLES.includes(user.role) && !user.totpEnabled) redirect("/account/two-factor");
  }
  if (access !== "public" && access !== "signed-in" && !can(user.role, access)) forbidden();
  return user;
}
