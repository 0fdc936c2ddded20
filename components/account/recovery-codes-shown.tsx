"use client";

import { useState } from "react";
import { buttonClass, secondaryButtonClass } from "@/components/ui/field";

/** Ten recovery codes, shown this once: copy or download them, then continue. */
export function RecoveryCodesShown({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel: string }) {
  const [copied, setCopied] = useState(false);
  const text = `Smilepayz back-office recovery codes (each works once, in place of the app's code)\n\n${codes.join("\n")}\n`;
  return (
    <section aria-label="Recovery codes" className="max-w-md space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h2 className="font-semibold">Your recovery codes</h2>
      <p className="text-sm text-slate-700">
        If you lose your phone, type one of these at sign-in instead of the 6-digit code. Each works once. Keep them somewhere
        safe: they are shown only now.
      </p>
      <ol data-testid="recovery-codes" className="grid grid-cols-2 gap-x-6 gap-y-1 rounded bg-white p-3 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => undefined)}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <a className={secondaryButtonClass} download="smilepayz-recovery-codes.txt" href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}>
          Download
        </a>
        <button type="button" className={buttonClass} onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </section>
  );
}
