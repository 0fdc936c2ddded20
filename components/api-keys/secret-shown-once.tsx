"use client";

import { CopyButton } from "@/components/orders/copy-button";

/** A new secret, shown this once: copy it now, it cannot be shown again (only its hash is kept). */
export function SecretShownOnce({ name, secret, note, onDone }: { name: string; secret: string; note: string | null; onDone: () => void }) {
  return (
    <div role="status" data-testid="api-key-secret" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm">
      <p className="font-semibold text-amber-900">The secret of &ldquo;{name}&rdquo; is shown only now. Copy it into the machine&apos;s settings: it cannot be shown again.</p>
      <code className="block break-all rounded bg-white p-2 font-mono text-xs ring-1 ring-amber-200" data-testid="api-key-secret-value">
        {secret}
      </code>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton text={secret} testId="copy-secret" label="Copy secret" />
        <button type="button" className="underline" onClick={onDone}>
          I have stored it
        </button>
      </div>
      <p className="text-amber-900">Anyone holding it can act with this key&apos;s scopes. Never send it by e-mail or chat.</p>
      {note ? (
        <p className="font-semibold text-amber-900" data-testid="pending-change-notice">
          {note} <a className="underline" href="/changes">Pending changes</a>
        </p>
      ) : null}
    </div>
  );
}
