import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNext } from "@/lib/auth/safe-next";
import { SESSION_END_MESSAGES, isSessionEndReason } from "@/lib/auth/session-end";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[]; reason?: string | string[] }> }) {
  const { next, reason } = await searchParams;
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-slate-600">Smilepayz merchant back-office</p>
      {isSessionEndReason(reason) ? (
        <p role="status" data-testid="signed-out-reason" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {SESSION_END_MESSAGES[reason]}
        </p>
      ) : null}
      <SignInForm next={safeNext(next)} />
    </main>
  );
}
