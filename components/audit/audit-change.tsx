"use client";

import { auditDiff } from "@/lib/audit/diff";

/** Changed fields only, old → new; the raw snapshots stay one click away. */
export function AuditChange({ before, after, action }: { before: unknown; after: unknown; action?: string }) {
  if (before === null && after === null) return <span className="text-slate-400">—</span>;
  const changes = auditDiff(before, after, action);
  return (
    <div className="space-y-1">
      {changes.length === 0 ? <span className="text-slate-500">No field changed</span> : null}
      <ul className="space-y-0.5 text-xs" data-testid="audit-diff">
        {changes.map((c) => (
          <li key={c.field} className="break-words">
            <span className="font-medium">{c.field}</span>:{" "}
            {before === null ? (
              <span className="text-emerald-800">{c.after}</span>
            ) : (
              <>
                <span className="text-red-800 line-through decoration-red-300">{c.before}</span> → <span className="text-emerald-800">{c.after}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      <details>
        <summary className="cursor-pointer text-xs text-slate-500">raw snapshots</summary>
        <pre className="max-w-[80vw] overflow-x-auto text-xs md:max-w-md">{JSON.stringify({ before, after }, null, 2)}</pre>
      </details>
    </div>
  );
}
