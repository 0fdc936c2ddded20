import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ROLE_LABELS, can } from "@/lib/auth/permissions";

/** Says what fits the person: an admin is the one others ask, so they are told what their role is for instead. */
export default async function Forbidden() {
  const user = await getCurrentUser().catch(() => null);
  const admin = user ? can(user.role, "users.manage") : false;
  return (
    <main className="mx-auto mt-24 max-w-md px-4 text-center">
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-slate-600" data-testid="forbidden-text">
        {admin
          ? "This page is for the people who move money (finance, approvers, support): admins manage users, merchant credentials, approval thresholds and the audit log, so that no one person both controls and pays. Pay-outs waiting for approval are listed under Approvals, where an admin may cancel one."
          : user
            ? `Your role (${ROLE_LABELS[user.role]}) does not give access to this page. Ask an admin if you need it.`
            : "Your role does not give access to this page. Ask an admin if you need it."}
      </p>
      <Link href={admin ? "/approvals" : "/"} className="mt-4 inline-block text-sm underline">
        {admin ? "Go to Approvals" : "Back to the overview"}
      </Link>
    </main>
  );
}
