import "server-only";
import { forbidden, redirect } from "next/navigation";
import { PAGE_ACCESS, type PagePath } from "./access-table";
import { getCurrentUser, getSignedOutReason } from "./current-user";
import { can, TOTP_REQUIRED_ROLES } from "./permissions";
import { pathWithQuery, withNext } from "./safe-next";
import type { SessionUser } from "./sessions";

const SETUP_PAGES = new Set<string>(["/account/password", "/account/two-factor"]);

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The guard every page calls first with its own path and query: signed out -> sign-in; unfinished set-up -> the
 * set-up page; both carry `next` (path + query) so the person lands where they were going. No permission -> 403.
 */
export async function requirePage(
  path: PagePath,
  searchParams?: SearchParams | Promise<SearchParams>,
  /** A dynamic page's real path ("/payouts/42" for "/payouts/[id]"), for `next`. */
  actualPath?: string,
): Promise<SessionUser> {
  const access = PAGE_ACCESS[path];
  const here = pathWithQuery(actualPath ?? path, await searchParams);
  const user = await getCurrentUser();
  if (!user) {
    // Tell the person why they are signed out (idle, disabled, role changed, ended from another session).
    const reason = await getSignedOutReason();
    const to = withNext("/sign-in", here);
    redirect(reason ? `${to}${to.includes("?") ? "&" : "?"}reason=${reason}` : to);
  }
  if (!SETUP_PAGES.has(path)) {
    if (user.mustChangePassword) redirect(withNext("/account/password", here));
    if (TOTP_REQUIRED_ROLES.includes(user.role) && !user.totpEnabled) redirect(withNext("/account/two-factor", here));
  }
  if (access !== "public" && access !== "signed-in" && !can(user.role, access)) forbidden();
  return user;
}
