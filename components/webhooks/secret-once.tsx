"use client";

/** A signing secret, shown only in this answer: the app keeps it encrypted and never shows it again. */
export function SecretOnce({ url, secret }: { url: string; secret: string }) {
  return (
    <div role="status" data-testid="webhook-secret" className="mb-3 break-all rounded border border-emerald-300 bg-emerald-50 p-3 text-sm">
      Signing secret for {url}: <code className="font-mono font-semibold">{secret}</code>
      <span className="mt-1 block text-slate-700">Copy it into your system now: it is shown only this once.</span>
    </div>
  );
}
