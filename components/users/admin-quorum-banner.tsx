import { MIN_ACTIVE_ADMINS } from "@/lib/pending-changes/kinds";

/**
 * Said to admins while fewer than two admins are active: every change that loosens a control waits for a second
 * admin, so with one nothing of the kind can take effect (README, "Bootstrap", says how to add the second).
 */
export function AdminQuorumBanner({ activeAdmins }: { activeAdmins: number }) {
  if (activeAdmins >= MIN_ACTIVE_ADMINS) return null;
  return (
    <section role="alert" data-testid="admin-quorum-warning" className="space-y-1 rounded-lg bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-400">
      <h2 className="font-semibold">
        {activeAdmins === 1 ? "This deployment has only one active admin" : "This deployment has no active admin"}: changes that need a second admin cannot
        be approved.
      </h2>
      <p>
        A new user with a money role, a higher approval threshold, a new credential or new keys, demoting or disabling an admin: each waits for
        another admin to approve it, and nobody may approve their own. Until two admins are active, none of these can take effect.
      </p>
      <p>
        To fix it, make the second admin the way the first one was made: by the seed, run by whoever operates the database and the server
        (README, &ldquo;Bootstrap&rdquo;). Then the two admins run everything else through the app.
      </p>
    </section>
  );
}
